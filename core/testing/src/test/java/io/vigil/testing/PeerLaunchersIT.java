package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kit's launchers against the real programs: each peer starts, answers on loopback, and stops by its PID. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerLaunchersIT {
    /** MQTT 3.1.1 CONNECT, clean session, keep-alive 10 s, client id "kit", with or without user "vigil"/"secret". */
    static byte[] connect(boolean credentials) {
        String hex = credentials
                ? "10 1e 0004 4d515454 04 c2 000a 0003 6b6974 0005 766967696c 0006 736563726574"
                : "10 0f 0004 4d515454 04 02 000a 0003 6b6974";
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** The CONNACK return code the broker answers to {@code connect}. */
    static int connack(Socket socket, byte[] connect) throws Exception {
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write(connect);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] ack = in.readNBytes(4);
        assertThat(ack[0]).as("CONNACK").isEqualTo((byte) 0x20);
        return ack[3];
    }

    @Test
    void anonymousMosquittoAcceptsAConnectAndStopsWithItsProcess(@TempDir Path dir) throws Exception {
        Mosquitto broker = Mosquitto.start(dir);
        try (broker;
                var socket = new Socket("127.0.0.1", broker.port())) {
            assertThat(broker.uri().toString()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            assertThat(connack(socket, connect(false))).isZero();
        }
        assertThat(Await.within(Duration.ofSeconds(5), () -> !listening(broker.port())))
                .isTrue();
    }

    @Test
    void passwordMosquittoRefusesAnonymousAndAcceptsItsUser(@TempDir Path dir) throws Exception {
        try (var broker = Mosquitto.withPassword(dir, "vigil", "secret")) {
            try (var socket = new Socket("127.0.0.1", broker.port())) {
                assertThat(connack(socket, connect(false))).as("not authorised").isEqualTo(5);
            }
            try (var socket = new Socket("127.0.0.1", broker.port())) {
                assertThat(connack(socket, connect(true))).isZero();
            }
        }
    }

    @Test
    void tlsMosquittoPresentsItsSelfSignedCertificate(@TempDir Path dir) throws Exception {
        try (var broker = Mosquitto.tls(dir, "Kit test broker")) {
            var context = SSLContext.getInstance("TLS");
            var seen = new X509Certificate[1];
            context.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String auth) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String auth) {
                                seen[0] = chain[0];
                            }

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            try (var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.port())) {
                assertThat(connack(socket, connect(false))).isZero();
            }
            assertThat(broker.uri().getScheme()).isEqualTo("ssl");
            assertThat(seen[0].getSubjectX500Principal().getName()).contains("CN=Kit test broker");
            assertThat(seen[0].getIssuerX500Principal()).isEqualTo(seen[0].getSubjectX500Principal());
        }
    }

    @Test
    void debianPostgresAnswersWithItsPasswordOnLoopback() throws Exception {
        try (var pg = DebianPostgres.start("kit-secret")) {
            var props = new Properties();
            props.setProperty("user", "postgres");
            props.setProperty("password", "kit-secret");
            try (var c = DriverManager.getConnection(pg.jdbcUrl("postgres"), props);
                    var rs = c.createStatement().executeQuery("SHOW server_version_num")) {
                rs.next();
                assertThat(rs.getInt(1) / 10_000).isEqualTo(15);
            }
        }
    }

    @Test
    void pymodbusListensAndStopsWithItsProcess() {
        PeerProcess modbus = ProtocolPeers.modbus();
        try (modbus) {
            assertThat(listening(modbus.port())).isTrue();
        }
        assertThat(modbus.process().isAlive()).isFalse();
    }

    @Test
    void chromiumAndItsDriverAreFound() {
        var chromium = Chromium.locate();

        assertThat(chromium.binary()).isExecutable();
        assertThat(chromium.driver()).isExecutable();
    }

    @Test
    void theSharedDataSetsAreFoundAboveTheCheckout() {
        assertThat(SharedData.skab()).isDirectory();
        assertThat(SharedData.cmapssFd001()).isDirectory();
        assertThat(SharedData.pcap("s7ident.pcap")).isRegularFile();
    }

    static boolean listening(int port) {
        try (var ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
