package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.json.Json;
import io.vigil.core.model.Assignment;
import io.vigil.core.model.ModelManifest;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.registry.RegistryClient;
import io.vigil.edge.registry.RegistryException;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.login.Role;
import io.vigil.hub.security.login.UserStore;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.ServerCertificate;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's registry client against a real hub over HTTPS with login on, the PKI made by {@code vigil hub init} and
 * {@code vigil hub enroll}: with only its certificate (no user in agent.yaml) it reads its assignments, downloads the
 * package they name and posts a report; under another agent's id the hub refuses it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RegistryHttpsIT {
    @TempDir
    static Path dir;

    static Hub hub;
    static HttpClient admin;
    static String adminToken;
    static ModelManifest model;

    @BeforeAll
    static void startHubOverHttps() throws Exception {
        Path pki = dir.resolve("pki");
        cli("hub", "init", "--dir", pki.toString());
        cli(
                "hub",
                "enroll",
                "edge-https",
                "--dir",
                pki.toString(),
                "--out",
                dir.resolve("agent/tls").toString());
        UserStore.in(pki).put("ada", Role.ADMIN, "ada-password".toCharArray());
        hub = Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, dir.resolve("hub"), Optional.empty()))
                        .withSecurity(new SecuritySettings(true, true, pki, Duration.ofHours(1))
                                .withHttps(new ServerCertificate.HubCertificate())),
                Clock.systemUTC());
        admin = HttpClient.newBuilder()
                .sslContext(trusting(pki.resolve(CertificateAuthority.CA_CERT)))
                .build();
        model = PumpTraining.train(dir.resolve("models/pump-ae"), 10, 5);
        var login = send("POST", "api/v1/login", "{\"user\":\"ada\",\"password\":\"ada-password\"}");
        adminToken = Json.mapper().readTree(login.body()).path("token").asText();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** A browser's view: trusts the hub's CA, presents no certificate. */
    private static SSLContext trusting(Path caPem) throws Exception {
        var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        var context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void cli(String... args) {
        var err = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(ExitCodes.OK);
    }

    private static HttpResponse<String> send(String method, String path, Object body) throws Exception {
        var b = HttpRequest.newBuilder(hub.httpUri().resolve(path))
                .method(
                        method,
                        body instanceof byte[] bytes
                                ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                                : HttpRequest.BodyPublishers.ofString(body == null ? "" : (String) body));
        if (adminToken != null) {
            b.header("Authorization", "Bearer " + adminToken);
        }
        return admin.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** agent.yaml as an operator writes it from what {@code vigil hub enroll} printed: no registry user. */
    private static AgentConfig agentYaml(String agentId) throws Exception {
        Path file = dir.resolve("agent/" + agentId + ".yaml");
        Files.writeString(
                file,
                """
                agent: { id: AGENT }
                hub:
                  mqtt: ssl://localhost:MQTT
                  tls: { keystore: tls/agent.p12, passwordFile: tls/agent.password, truststore: tls/ca.pem }
                devices:
                  - { id: plc, asset: pump-1, protocol: modbus-tcp, endpoint: 127.0.0.1:5020/1, interval: 1s,
                      tags: [ { id: flow, address: "hr:0" } ] }
                registry:
                  url: https://localhost:HTTP
                """
                        .replace("AGENT", agentId)
                        .replace("MQTT", String.valueOf(hub.mqttUri().getPort()))
                        .replace("HTTP", String.valueOf(hub.httpUri().getPort())));
        return AgentConfig.read(file);
    }

    private static RegistryClient client(AgentConfig config) {
        return new RegistryClient(
                config.registry().orElseThrow(),
                config.agent().id(),
                config.hub().tls());
    }

    @Test
    void theAgentReadsItsAssignmentsDownloadsThePackageAndReportsWithItsCertificateAlone() throws Exception {
        Path pkg = dir.resolve("models/pump-ae");
        byte[] upload = PackageArchive.pack(
                Files.readAllBytes(pkg.resolve(ModelPackage.MANIFEST_FILE)),
                Files.readAllBytes(ModelPackage.read(pkg).onnxFile()));
        String ref = model.id() + "@" + model.version();
        var uploaded = send("POST", "api/v1/models", upload);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(send("POST", "api/v1/models/" + model.id() + "/versions/" + model.version() + "/shadow", "")
                        .statusCode())
                .isEqualTo(200);
        var config = agentYaml("edge-https");
        assertThat(config.registry().orElseThrow().user()).isEmpty();
        var client = client(config);

        Assignment assigned = client.assignments().stream()
                .filter(a -> a.ref().equals(ref))
                .findFirst()
                .orElseThrow();
        byte[] zip = client.download(model.id(), model.version());
        client.report(Json.mapper()
                .readTree("{\"type\":\"drift\",\"time\":\"2026-01-01T00:00:00Z\",\"model\":\"" + ref + "\","
                        + "\"asset\":\"pump-1\",\"moved\":[\"flow\"]}"));

        assertThat(assigned.stage()).isEqualTo("shadow");
        assertThat(ModelPackage.sha256(zip)).isEqualTo(assigned.packageSha256());
        var events = send("GET", "api/v1/events?type=drift", null);
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body()).contains("\"type\":\"drift\"", "\"asset\":\"pump-1\"", ref);
    }

    @Test
    void theSameCertificateUnderAnotherAgentIdIsRefused() throws Exception {
        var client = client(agentYaml("edge-other"));

        assertThatThrownBy(client::assignments)
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("auth.agent.other");
    }

    @Test
    void theHubsUriIsHttps() {
        assertThat(hub.httpUri()).isNotNull();
        assertThat(URI.create(hub.httpUri().toString()).getScheme()).isEqualTo("https");
    }

    @Test
    void theModelCommandsReachTheHttpsHubTrustingItsCa() throws Exception {
        Path password = Files.writeString(dir.resolve("ada.pw"), "ada-password\n");
        var out = new StringWriter();
        var cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute(
                "model",
                "list",
                "--hub",
                hub.httpUri().toString(),
                "--hub-ca",
                dir.resolve("pki").resolve(CertificateAuthority.CA_CERT).toString(),
                "--user",
                "ada",
                "--password-file",
                password.toString());

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
    }
}
