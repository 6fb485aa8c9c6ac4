package io.vigil.hub.security.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import io.vigil.hub.security.login.UserStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityCommandsTest {
    @TempDir
    Path dir;

    private static String run(int expectedExit, String... args) {
        var cli = VigilCli.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(out + err.toString()).isEqualTo(expectedExit);
        return out + err.toString();
    }

    @Test
    void hubHelpNamesTheSecurityOptionsWithTheirDefaultsAndTheSubcommands() {
        String help = run(ExitCodes.OK, "hub", "--help");

        assertThat(help)
                .contains("--auth", "Default: on", "--mqtt-tls", "Default: auto", "--pki", ".vigil/hub/pki")
                .contains("--session-ttl", "8h", "init", "enroll", "user");
        assertThat(run(ExitCodes.OK, "hub", "enroll", "--help")).contains("--out", "--dir", "AGENT");
        assertThat(run(ExitCodes.OK, "hub", "revoke", "--help")).contains("--serial", "--reason", "revoked.txt");
        assertThat(run(ExitCodes.OK, "hub", "user", "add", "--help")).contains("--role", "data-scientist");
    }

    @Test
    void initEnrollAndUserAddWorkInOrderAndEnrollBeforeInitSaysWhatToRun() throws Exception {
        Path pki = dir.resolve("pki");

        assertThat(run(ExitCodes.USAGE, "hub", "enroll", "edge-1", "--dir", pki.toString()))
                .contains("run vigil hub init first");
        assertThat(run(ExitCodes.OK, "hub", "init", "--dir", pki.toString(), "--host", "hub.plant.local"))
                .contains("CA created", "hub.plant.local");
        assertThat(run(ExitCodes.USAGE, "hub", "init", "--dir", pki.toString())).contains("already exists");
        assertThat(run(
                        ExitCodes.OK,
                        "hub",
                        "enroll",
                        "edge-1",
                        "--dir",
                        pki.toString(),
                        "--out",
                        dir.resolve("e1").toString()))
                .contains("keystore: " + dir.resolve("e1/agent.p12"));
        assertThat(Files.exists(dir.resolve("e1/ca.pem"))).isTrue();

        assertThat(run(ExitCodes.OK, "hub", "revoke", "edge-1", "--reason", "retired", "--dir", pki.toString()))
                .containsPattern("revoked certificate [0-9a-f]+ of agent edge-1");
        assertThat(run(ExitCodes.OK, "hub", "revoke", "edge-1", "--dir", pki.toString()))
                .contains("already revoked");
        assertThat(run(ExitCodes.USAGE, "hub", "revoke", "edge-7", "--dir", pki.toString()))
                .contains("no certificate issued to agent 'edge-7'", "--serial");
        assertThat(run(ExitCodes.USAGE, "hub", "revoke", "edge-7", "--serial", "xyz", "--dir", pki.toString()))
                .contains("not a hexadecimal serial");

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a-long-password\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(run(ExitCodes.OK, "hub", "user", "add", "ada", "--role", "admin", "--dir", pki.toString()))
                    .contains("added user ada (admin)");
        } finally {
            System.setIn(stdin);
        }
        assertThat(UserStore.in(pki).authenticate("ada", "a-long-password".toCharArray()))
                .isPresent();
        assertThat(run(ExitCodes.USAGE, "hub", "user", "add", "bob", "--role", "root", "--dir", pki.toString()))
                .contains("role 'root' is not one of");
    }

    @Test
    void aHubOnAnOutsideAddressWithoutACaRefusesToStartUnlessTlsIsExplicitlyOff() {
        String err = run(
                ExitCodes.USAGE,
                "hub",
                "--host",
                "0.0.0.0",
                "--http-port",
                "0",
                "--mqtt-port",
                "0",
                "--pki",
                dir.resolve("none").toString());

        assertThat(err).contains("run 'vigil hub init'", "--mqtt-tls off");
    }
}
