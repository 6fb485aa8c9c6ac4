package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SimCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEveryOptionWithItsDefault() {
        var out = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("sim", "--help");

        String help = out.toString();
        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(help.replaceAll("\\s+", " "))
                .contains("--host=<host> Address both servers bind and advertise. Default: 127.0.0.1")
                .contains("--modbus-port=<modbusPort> Modbus TCP port, 0 for any free one. Default: 5020")
                .contains("--opcua-port=<opcUaPort> OPC UA port, 0 for any free one. Default: 4840")
                .contains("Default: 2")
                .contains("at most 1000. Default: 1.0")
                .contains("Default: 42")
                .contains("wall period is tick / speed. Default: 500ms")
                .contains("--replay=FILE.csv")
                .contains("runs the synthetic pump model. Default: none")
                .contains(
                        "--duration=<duration> Stop after this much wall time, e.g. 90s or 10m. Default: until Ctrl-C");
    }

    @Test
    void aMalformedReplayFileIsAUsageErrorNamingTheLine() throws IOException {
        Path file = Files.write(dir.resolve("bad.csv"), List.of(CsvReplayTest.HEADER, "2020-03-09 10:14:10;x"));
        var err = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("sim", "--replay", file.toString(), "--modbus-port", "0", "--opcua-port", "0");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--replay: replay file " + file + " line 2");
    }

    @Test
    void aSpeedOutOfRangeIsAUsageError() {
        var err = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("sim", "--speed", "5000");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("speed 5000.0 must be above 0 and at most 1000.0");
    }
}
