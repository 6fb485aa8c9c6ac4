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
class SimulateCommandTest {
    private static int run(StringWriter err, String... args) {
        CommandLine cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpNamesBothDataSetsAndTheFederationOptions() {
        CommandLine cli = VigilCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("fl", "simulate", "--help")).isZero();
        assertThat(out.toString())
                .contains("skab", "cmapss", "--agents", "--top-k", "--int8", "--secure", "--aggregator", "--noise");
    }

    @Test
    void refusesAnUnknownDataSetNamingIt() {
        StringWriter err = new StringWriter();

        assertThat(run(err, "fl", "simulate", "mnist", "--data", "/tmp")).isEqualTo(2);
        assertThat(err.toString()).contains("'mnist'");
    }

    @Test
    void refusesSecureAggregationWithoutAClippingNorm() {
        StringWriter err = new StringWriter();

        assertThat(run(err, "fl", "simulate", "skab", "--data", "/tmp", "--secure"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("clipNorm");
    }
}
