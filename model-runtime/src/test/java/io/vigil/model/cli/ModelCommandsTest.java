package io.vigil.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ModelCommandsTest {

    @Test
    void evalHelpListsBothDataSetsAndEveryOptionWithItsDefault() {
        assertThat(help("model", "eval", "--help")).contains("skab", "cmapss");
        assertThat(help("model", "eval", "skab", "--help"))
                .contains("--data", "Default: ../shared/data/skab", "--int8", "--json", "--margin", "Default: 1.3");
        assertThat(help("model", "eval", "cmapss", "--help"))
                .contains("--data", "Default: ../shared/data/cmapss-fd001", "--members", "Default: 5", "--cap");
    }

    @Test
    void refusesAMissingDataDirectoryWithUsageExitCode() {
        CommandLine cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("model", "eval", "skab", "--data", "/nonexistent/skab"))
                .isEqualTo(2);
    }

    private static String help(String... args) {
        CommandLine cli = VigilCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }
}
