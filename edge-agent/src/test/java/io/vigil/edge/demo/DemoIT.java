package io.vigil.edge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil demo} end to end: real simulator, real hub with embedded PostgreSQL, real agent and ONNX Runtime. */
class DemoIT {
    private static final Pattern SUMMARY = Pattern.compile("summary samples=(\\d+) windows=(\\d+) anomalies=(\\d+)");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void demoRunsTheWholeChainAndEndsWithTheCommittedSummary(@TempDir Path tmp) throws Exception {
        var out = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute(
                "demo",
                "--duration",
                "45s",
                "--http-port",
                "0",
                "--status-every",
                "5s",
                "--data-dir",
                tmp.resolve("demo").toString());

        String[] lines = out.toString().strip().split("\\R");
        String last = lines[lines.length - 1];
        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        var m = SUMMARY.matcher(last);
        assertThat(m.matches()).as("last line '%s'", last).isTrue();
        // 2 pumps x 8 tags at 2 Hz for ~45 s; windows start once 20 rows (10 s) are in
        assertThat(Long.parseLong(m.group(1))).isGreaterThan(1_000);
        assertThat(Long.parseLong(m.group(2))).isGreaterThan(100);
        // the first injected fault (valve closure at +30 s) must be detected on at least one pump
        assertThat(Long.parseLong(m.group(3))).isGreaterThan(0);
        assertThat(out.toString()).contains("Twin:     http://127.0.0.1:").contains("VALVE_CLOSURE");
        assertThat(Files.exists(tmp.resolve("demo/agent.yaml"))).isTrue();
        assertThat(Files.exists(tmp.resolve("demo/models/pump-ae/manifest.json")))
                .isTrue();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void federatedDemoRunsARoundAcrossThreeAgentsWhoseVersionEntersShadow(@TempDir Path tmp) throws Exception {
        var out = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute(
                "demo",
                "--federated",
                "--duration",
                "60s",
                "--http-port",
                "0",
                "--status-every",
                "10s",
                "--data-dir",
                tmp.resolve("demo").toString());

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains(
                        "vigil fl start pump-ae --watch", "3/3 accepted (quorum 3)", "new version 1.0.1 is in shadow");
        assertThat(Files.exists(tmp.resolve("demo/agent-3/agent.yaml"))).isTrue();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesADataDirectoryItDidNotMake(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("precious.txt"), "operator data");
        var err = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("demo", "--duration", "5s", "--data-dir", tmp.toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("was not made by 'vigil demo'");
        assertThat(Files.readString(tmp.resolve("precious.txt"))).isEqualTo("operator data");
    }
}
