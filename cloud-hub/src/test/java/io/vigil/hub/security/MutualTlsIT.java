package io.vigil.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.mqtt.MqttClientOptions;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.TestAgent;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.CertificateAuthority.Enrollment;
import io.vigil.hub.security.pki.RevocationList;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT endpoint with mutual TLS against real TLS clients: only an agent holding a certificate from the hub's CA,
 * connecting with its own id and publishing as itself, gets anything stored.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MutualTlsIT {
    @TempDir
    static Path tmp;

    static Hub hub;
    static Path pki;
    static Enrollment edge1;
    static Enrollment rogue;

    @BeforeAll
    static void startHubWithMutualTls() throws Exception {
        pki = tmp.resolve("pki");
        var ca = CertificateAuthority.init(pki, List.of(), Clock.systemUTC());
        edge1 = ca.enroll("edge-1");
        var otherCa = CertificateAuthority.init(tmp.resolve("other-pki"), List.of(), Clock.systemUTC());
        rogue = otherCa.enroll("edge-1");
        hub = Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, tmp.resolve("db"), Optional.empty()))
                        .withSecurity(new SecuritySettings(false, true, pki, Duration.ofHours(1))),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static MqttClientOptions tls(String clientId, Enrollment cert) throws Exception {
        var options = new MqttClientOptions().setClientId(clientId);
        options.setSsl(true)
                .setHostnameVerificationAlgorithm("HTTPS")
                .setTrustOptions(
                        new PemTrustOptions().addCertPath(pki.resolve("ca.pem").toString()));
        if (cert != null) {
            options.setKeyCertOptions(new PfxOptions()
                    .setPath(cert.keyStore().toString())
                    .setPassword(Files.readString(cert.passwordFile()).strip()));
        }
        return options;
    }

    static long samples(String asset) {
        return Db.count(
                hub.jdbcUrl(),
                "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = ?",
                asset);
    }

    static void publishThreeSamples(TestAgent agent, String asset) throws Exception {
        agent.nodeBirth(1);
        agent.deviceBirth(asset, List.of(new MetricDef("flow", "l/min")), Map.of());
        var t = Instant.now();
        agent.publishData(
                asset,
                new AssetData(
                        List.of(
                                Sample.good("flow", t, 1),
                                Sample.good("flow", t.plusMillis(1), 2),
                                Sample.good("flow", t.plusMillis(2), 3)),
                        List.of(),
                        List.of()));
    }

    @Test
    void anEnrolledAgentConnectsOverTlsAndItsSamplesAreStored() throws Exception {
        assertThat(hub.mqttUri().getScheme()).isEqualTo("ssl");
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-1", tls("edge-1", edge1))) {
            publishThreeSamples(agent, "pump-ok");
        }

        assertThat(samples("pump-ok")).isEqualTo(3);
    }

    /**
     * Sends an MQTT CONNECT over a JDK TLS socket that trusts the hub's CA and presents {@code cert} (none when null),
     * and returns the first byte of the answer. Vert.x's MQTT client reports any refused handshake only as "Closed",
     * so this is how a test sees the TLS alert itself. Under TLS 1.3 the client's handshake completes before the hub
     * has checked its certificate, and the hub's alert arrives on the first read. The CONNECT goes only after a quiet
     * moment: sent into a connection the hub has already closed, it would draw a reset that discards the alert.
     */
    static int connectOverTls(Enrollment cert) throws Exception {
        var context = TestTls.context(cert, pki.resolve("ca.pem"));
        try (var socket = (SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", hub.mqttUri().getPort())) {
            socket.startHandshake();
            socket.setSoTimeout(5_000);
            try {
                return socket.getInputStream().read();
            } catch (SocketTimeoutException accepted) {
                // no alert: the hub took the certificate and waits for the CONNECT
            }
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(CONNECT);
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        }
    }

    /** MQTT 3.1.1 CONNECT, clean session, keep-alive 10 s, client id "edge-1". */
    static final byte[] CONNECT = HexFormat.of().parseHex("101200044d5154540402000a0006656467652d31");

    @Test
    void anAgentWithoutACertificateCannotConnect() {
        assertThatThrownBy(() -> TestAgent.connect(hub.mqttUri(), "edge-1", tls("edge-1", null)))
                .rootCause()
                .hasMessage("Closed");
        assertThatThrownBy(() -> connectOverTls(null))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessage("Received fatal alert: bad_certificate");
        assertThat(samples("pump-nocert")).isZero();
    }

    @Test
    void anAgentWithACertificateFromAnotherCaCannotConnect() {
        assertThatThrownBy(() -> TestAgent.connect(hub.mqttUri(), "edge-1", tls("edge-1", rogue)))
                .rootCause()
                .hasMessage("Closed");
        assertThatThrownBy(() -> connectOverTls(rogue))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessage("Received fatal alert: bad_certificate");
    }

    /** The control for the two above: the same handshake with the enrolled certificate is answered with a CONNACK. */
    @Test
    void theSameHandshakeWithTheEnrolledCertificateIsAnsweredWithAConnack() throws Exception {
        assertThat(connectOverTls(edge1)).as("CONNACK").isEqualTo(0x20);
    }

    @Test
    void plainTcpIsNotSpokenOnTheTlsPort() throws Exception {
        var plain = new MqttClientOptions().setClientId("edge-1");
        plain.setConnectTimeout(3000);

        assertThatThrownBy(() -> TestAgent.connect(hub.mqttUri(), "edge-1", plain))
                .rootCause()
                .hasMessage("Closed");
        try (var socket = new Socket("127.0.0.1", hub.mqttUri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(CONNECT);
            assertThat(socket.getInputStream().read())
                    .as("a CONNECT in the clear is not a TLS record: the hub hangs up without answering")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aClientIdOtherThanTheCertificatesCnIsRefusedAtConnectAndCounted() throws Exception {
        double before = authRejections();

        assertThatThrownBy(() -> TestAgent.connect(hub.mqttUri(), "edge-2", tls("edge-2", edge1)))
                .hasStackTraceContaining("NOT_AUTHORIZED");

        assertThat(authRejections()).isGreaterThan(before);
        assertThat(Db.count(hub.jdbcUrl(), "SELECT count(*) FROM agents WHERE id = 'edge-2'"))
                .isZero();
    }

    @Test
    void anEnrolledAgentCannotPublishAsAnotherEdgeNode() throws Exception {
        try (var impostor = TestAgent.connect(hub.mqttUri(), "edge-3", tls("edge-1", edge1))) {
            publishThreeSamples(impostor, "pump-impostor");
        }

        assertThat(samples("pump-impostor")).isZero();
        assertThat(Db.count(hub.jdbcUrl(), "SELECT count(*) FROM agents WHERE id = 'edge-3'"))
                .isZero();
    }

    @Test
    void aRevokedAgentIsCutOffAndRefusedUntilEnrolledAgain() throws Exception {
        var ca = CertificateAuthority.load(pki, Clock.systemUTC());
        Enrollment first = ca.enroll("edge-9");
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-9", tls("edge-9", first))) {
            publishThreeSamples(agent, "pump-revoked");
            assertThat(samples("pump-revoked")).isEqualTo(3);

            assertThat(ca.revoke("edge-9", Optional.empty(), "box stolen")).hasSize(1);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (agent.connected() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(agent.connected()).as("the open connection is closed").isFalse();
        }
        assertThatThrownBy(() -> TestAgent.connect(hub.mqttUri(), "edge-9", tls("edge-9", first)))
                .hasStackTraceContaining("NOT_AUTHORIZED");
        assertThat(Files.readString(pki.resolve(RevocationList.REVOKED)))
                .contains("edge-9")
                .contains("box stolen");

        Enrollment again = ca.enroll("edge-9", tmp.resolve("edge-9-again"));
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-9", tls("edge-9", again))) {
            assertThat(agent.connected()).isTrue();
        }
    }

    /** {@code vigil_ingest_rejected_total{reason="auth"}} from /metrics (login is off in this hub). */
    static double authRejections() throws Exception {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(hub.httpUri() + "metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var m = Pattern.compile("(?m)^vigil_ingest_rejected_total\\{reason=\"auth\"} ([0-9.E]+)$")
                .matcher(body);
        assertThat(m.find()).as("auth rejections in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
