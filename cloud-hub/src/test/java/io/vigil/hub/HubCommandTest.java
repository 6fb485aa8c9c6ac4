package io.vigil.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.ServerCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
                        "--db",
                        "--retention-days",
                        "--partitions-ahead");
    }

    @Test
    void refusesMinuteRollupsKeptShorterThanTheRawSamplesBeforeStartingAnything() {
        String err = run(
                ExitCodes.USAGE,
                "hub",
                "--retention-days",
                "30",
                "--rollup-1m-retention-days",
                "7",
                "--http-port",
                "0",
                "--mqtt-port",
                "0");

        assertThat(err)
                .contains("minuteRollupDays 7 must be 0 (forever) or at least retentionDays (30)", "--rollup-1m");
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
    void addsTheDatabaseUserAndThePasswordFromAFileToTheUrl(@TempDir Path dir) throws Exception {
        var pw = dir.resolve("db.pw");
        Files.writeString(pw, "p&ss word\nignored\n");
        var command = new HubCommand();
        command.database.db = "jdbc:postgresql://db:5432/vigil?sslmode=require";
        command.database.dbUser = "vigil";
        command.database.dbPasswordFile = pw;

        assertThat(command.database.dbUrl())
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

    private static HubCommand parsed(String... args) {
        var command = new HubCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void httpsIsOnByDefaultOnlyWhenThePkiHoldsACaOrACertificateIsGiven(@TempDir Path dir) {
        var pki = dir.resolve("pki");
        var plain = parsed("--pki", pki.toString());
        assertThat(plain.security().https()).isEmpty();

        CertificateAuthority.init(pki, List.of(), Clock.systemUTC());
        var withCa = parsed("--pki", pki.toString());
        var off = parsed("--pki", pki.toString(), "--https", "off");
        var operator = parsed("--tls-keystore", "op.p12", "--tls-keystore-password-file", "op.pw");

        assertThat(withCa.security().https()).contains(new ServerCertificate.HubCertificate());
        assertThat(off.security().https()).isEmpty();
        assertThat(operator.security().https().orElseThrow()).isInstanceOf(ServerCertificate.Pkcs12.class);
    }

    @Test
    void refusesHalfAnOperatorCertificateAndACertificateWithHttpsOff() {
        var half = parsed("--tls-cert", "hub.pem");
        var offWithCert = parsed("--https", "off", "--tls-cert", "hub.pem", "--tls-key", "hub.key");

        Assertions.assertThatThrownBy(() -> half.security())
                .hasMessageContaining("--tls-cert and --tls-key go together");
        Assertions.assertThatThrownBy(() -> offWithCert.security()).hasMessageContaining("--https off");
        assertThat(run(ExitCodes.OK, "hub", "--help"))
                .contains("--https", "--tls-cert", "--tls-key", "--tls-keystore", "--tls-keystore-password-file");
    }
}
