package io.vigil.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HubCommandTest {

    private static String run(int expectedExit, String... args) {
        var cli = VigilCli.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(expectedExit);
        return out + err.toString();
    }

    @Test
    void isRegisteredAndShowsEveryOptionWithItsDefault() {
        String help = run(ExitCodes.OK, "hub", "--help");

        assertThat(help)
                .contains(
                        "--host",
                        "127.0.0.1",
                        "--http-port",
                        "8080",
                        "--mqtt-port",
                        "1883",
                        "--data-dir",
                        ".vigil/hub",
                        "--db");
    }

    @Test
    void refusesABusyHttpPortNamingItBeforeStartingAnything() throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String err =
                    run(ExitCodes.USAGE, "hub", "--http-port", String.valueOf(busy.getLocalPort()), "--mqtt-port", "0");

            assertThat(err)
                    .contains("HTTP")
                    .contains("port " + busy.getLocalPort())
                    .contains("--http-port");
        }
    }

    @Test
    void addsTheDatabaseUserAndThePasswordFromAFileToTheUrl(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var pw = dir.resolve("db.pw");
        java.nio.file.Files.writeString(pw, "p&ss word\nignored\n");
        var command = new HubCommand();
        command.db = "jdbc:postgresql://db:5432/vigil?sslmode=require";
        command.dbUser = "vigil";
        command.dbPasswordFile = pw;

        assertThat(command.dbUrl())
                .contains("jdbc:postgresql://db:5432/vigil?sslmode=require&user=vigil&password=p%26ss%20word");
    }

    @Test
    void explainsTheBrokerOptions() {
        String help = run(ExitCodes.OK, "hub", "--help");

        assertThat(help).contains("--broker", "--share-group", "--client-id", "vigil-hub-HOSTNAME");
        assertThat(help).contains("--broker-sessions", "--broker-session-expiry", "--broker-receive-maximum", "MQTT 5");
    }

    @Test
    void refusesAShareGroupWithoutABrokerAndABrokerThatIsNotTcp() {
        assertThat(run(ExitCodes.USAGE, "hub", "--share-group", "vigil", "--http-port", "0", "--mqtt-port", "0"))
                .contains("--share-group and --client-id need --broker");
        assertThat(run(ExitCodes.USAGE, "hub", "--broker", "http://mqtt:1883", "--http-port", "0"))
                .contains("must be tcp://HOST:PORT");
    }

    @Test
    void refusesADbUrlThatIsNotPostgres() {
        String err =
                run(ExitCodes.USAGE, "hub", "--db", "jdbc:mysql://db/vigil", "--http-port", "0", "--mqtt-port", "0");

        assertThat(err).contains("jdbc:postgresql://");
    }
}
