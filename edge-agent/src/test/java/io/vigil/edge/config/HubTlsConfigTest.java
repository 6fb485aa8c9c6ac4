package io.vigil.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class HubTlsConfigTest {
    static final String TEMPLATE =
            """
            agent:
              id: edge-1
            hub:
            HUB
            devices:
              - id: pump-modbus
                asset: pump-1
                protocol: modbus-tcp
                endpoint: 127.0.0.1:5020/1
                interval: 500ms
                tags:
                  - { id: flow, address: "hr:14" }
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeTlsFiles() throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/agent.p12"), "not read until connecting");
        Files.writeString(dir.resolve("tls/agent.password"), "s3cret\n");
        Files.writeString(dir.resolve("tls/ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    }

    private AgentConfig read(String hub) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, TEMPLATE.replace("HUB", hub));
        return AgentConfig.read(file);
    }

    @Test
    void readsTlsPathsRelativeToTheFileAndThePasswordFromItsFile() throws Exception {
        var cfg = read(
                """
                  mqtt: ssl://hub.plant.local:8883
                  tls: { keystore: tls/agent.p12, passwordFile: tls/agent.password, truststore: tls/ca.pem }
                """);

        var tls = cfg.hub().tls().orElseThrow();
        assertThat(tls.keyStore()).isEqualTo(dir.resolve("tls/agent.p12"));
        assertThat(tls.trustStore()).isEqualTo(dir.resolve("tls/ca.pem"));
        assertThat(tls.password()).isEqualTo("s3cret");
        assertThat(tls.toString()).doesNotContain("s3cret");
        assertThat(cfg.hub().host()).isEqualTo("hub.plant.local");
    }

    @Test
    void aTlsEndpointWithoutTlsSettingsIsRefusedAtTheEndpoint() {
        assertThatThrownBy(() -> read("  mqtt: ssl://127.0.0.1:8883\n"))
                .hasMessageContaining("hub.mqtt")
                .hasMessageContaining("hub.tls (keystore, passwordFile, truststore) is required");
    }

    @Test
    void tlsSettingsOnAPlainEndpointAMissingKeyStoreAndTwoPasswordsAreRefusedAtHubTls() {
        assertThatThrownBy(
                        () -> read(
                                """
                          mqtt: tcp://127.0.0.1:1883
                          tls: { keystore: tls/agent.p12, passwordFile: tls/agent.password, truststore: tls/ca.pem }
                        """))
                .hasMessageContaining("hub.tls")
                .hasMessageContaining("plain TCP");
        assertThatThrownBy(
                        () -> read(
                                """
                          mqtt: ssl://127.0.0.1:8883
                          tls: { keystore: tls/none.p12, passwordFile: tls/agent.password, truststore: tls/ca.pem }
                        """))
                .hasMessageContaining("keystore")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(
                        () -> read(
                                """
                          mqtt: ssl://127.0.0.1:8883
                          tls: { keystore: tls/agent.p12, password: x, passwordFile: tls/agent.password, truststore: tls/ca.pem }
                        """))
                .hasMessageContaining("exactly one of passwordFile");
    }

    @Test
    void anHttpsRegistryWithNeitherHubTlsNorAUserIsRefusedAtRegistryUrl() throws Exception {
        Files.writeString(dir.resolve("registry.pw"), "pw\n");
        String plainHub = "  mqtt: tcp://127.0.0.1:1883\n";
        String registry = "registry:\n  url: https://hub.plant.local:8443\n";

        assertThatThrownBy(() -> read(plainHub + registry))
                .hasMessageContaining("registry.url")
                .hasMessageContaining("set hub.tls");
        assertThat(read(plainHub + registry + "  user: edge-1\n  passwordFile: registry.pw\n")
                        .registry()
                        .orElseThrow()
                        .https())
                .isTrue();
        assertThat(
                        read("""
                                  mqtt: ssl://hub.plant.local:8883
                                  tls: { keystore: tls/agent.p12, passwordFile: tls/agent.password, truststore: tls/ca.pem }
                                """
                                        + registry)
                                .registry())
                .isPresent();
    }
}
