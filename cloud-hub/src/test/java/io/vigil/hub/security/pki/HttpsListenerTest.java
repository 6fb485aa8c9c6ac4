package io.vigil.hub.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vigil.hub.security.HubSecurity;
import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.TestTls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS listener's certificate from each source, served by a bare Vert.x server (no database). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpsListenerTest {
    @TempDir
    static Path dir;

    static Path pki;

    @BeforeAll
    static void makePki() {
        pki = dir.resolve("pki");
        CertificateAuthority.init(pki, List.of(), Clock.systemUTC());
    }

    static SecuritySettings settings(ServerCertificate certificate) {
        return new SecuritySettings(false, false, pki, Duration.ofHours(1)).withHttps(certificate);
    }

    /** Serves "ok" with the options {@code security} gives and answers what a client trusting the CA reads. */
    static String fetch(SecuritySettings security) throws Exception {
        var vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(HubSecurity.create(security, Clock.systemUTC())
                            .httpOptions(
                                    new HttpServerOptions().setHost("127.0.0.1").setPort(0)))
                    .requestHandler(r -> r.response().end("ok"));
            int port = server.listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .actualPort();
            var response = TestTls.trusting(pki.resolve(CertificateAuthority.CA_CERT))
                    .send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.body();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesTheHubsOwnCertificate() throws Exception {
        assertThat(fetch(settings(new ServerCertificate.HubCertificate()))).isEqualTo("ok");
    }

    @Test
    void servesAnOperatorsPkcs12KeyStore() throws Exception {
        Path store = Files.copy(pki.resolve(CertificateAuthority.HUB_STORE), dir.resolve("operator.p12"));
        Path password = Files.copy(pki.resolve(CertificateAuthority.HUB_PASSWORD), dir.resolve("operator.password"));

        assertThat(fetch(settings(new ServerCertificate.Pkcs12(store, password))))
                .isEqualTo("ok");
    }

    @Test
    void servesAnOperatorsPemCertificateAndKey() throws Exception {
        var store = CertificateAuthority.readStore(
                pki.resolve(CertificateAuthority.HUB_STORE), pki.resolve(CertificateAuthority.HUB_PASSWORD));
        var key = (PrivateKey) store.getKey(
                CertificateAuthority.ALIAS, Secrets.readPassword(pki.resolve(CertificateAuthority.HUB_PASSWORD)));
        var chain = store.getCertificateChain(CertificateAuthority.ALIAS);
        var pem = new StringBuilder();
        for (var c : chain) {
            pem.append(CertificateAuthority.pem((X509Certificate) c));
        }
        Path cert = Files.writeString(dir.resolve("hub-chain.pem"), pem);
        Path keyFile = Files.writeString(
                dir.resolve("hub-key.pem"),
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");

        assertThat(fetch(settings(new ServerCertificate.Pem(cert, keyFile)))).isEqualTo("ok");
    }

    @Test
    void theHubsOwnCertificateWithoutAPkiSaysToRunInit() {
        var none = new SecuritySettings(false, false, dir.resolve("empty"), Duration.ofHours(1))
                .withHttps(new ServerCertificate.HubCertificate());

        assertThatThrownBy(() -> HubSecurity.create(none, Clock.systemUTC()))
                .isInstanceOf(SecuritySetupException.class)
                .hasMessageContaining("run 'vigil hub init' first")
                .hasMessageContaining("--tls-cert");
    }

    @Test
    void aMissingOperatorFileIsNamed() {
        var missing = settings(new ServerCertificate.Pem(dir.resolve("nope.pem"), dir.resolve("nope.key")));

        assertThatThrownBy(() -> HubSecurity.create(missing, Clock.systemUTC()))
                .hasMessageContaining("--tls-cert")
                .hasMessageContaining("nope.pem");
    }
}
