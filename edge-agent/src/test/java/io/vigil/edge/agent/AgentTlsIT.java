package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.hub.HubSettings;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.config.TlsConfig;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.pki.CertificateAuthority;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent (Sparkplug forwarder with {@code hub.tls}) against a hub requiring mutual TLS: with its enrolled
 * certificate it delivers; under another agent id the same certificate gets it nowhere.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentTlsIT {
    @TempDir
    static Path dir;

    static PlantSimulator plant;
    static Hub hub;
    static TlsConfig tls;

    @BeforeAll
    static void start() throws Exception {
        plant = PlantSimulator.start(
                SimulatorSettings.ephemeral(1).withTick(Duration.ofMillis(100)), Clock.systemUTC());
        Path pki = dir.resolve("pki");
        var e = CertificateAuthority.init(pki, List.of(), Clock.systemUTC()).enroll("edge-tls");
        tls = new TlsConfig(e.keyStore(), Files.readString(e.passwordFile()).strip(), e.trustStore());
        hub = Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, dir.resolve("hub"), Optional.empty()))
                        .withSecurity(new SecuritySettings(false, true, pki, Duration.ofHours(1))),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (plant != null) {
            plant.close();
        }
    }

    static AgentConfig config(String agentId) {
        // localhost, not 127.0.0.1: the hub's certificate names both, and the agent checks the name it dialled
        var mqtt = URI.create("ssl://localhost:" + hub.mqttUri().getPort());
        return new AgentConfig(
                new AgentIdentity(agentId, "plant"),
                new HubConfig(mqtt, Duration.ofMillis(200), 100_000, Optional.of(tls)),
                List.of(plant.modbusDevice(1, Duration.ofMillis(100))),
                List.of());
    }

    @Test
    void anAgentUnderAnotherIdThanItsCertificateNeverConnectsAndTheEnrolledOneDelivers() throws Exception {
        try (var impostor = Agent.start(config("edge-other"), dir, Clock.systemUTC())) {
            Thread.sleep(3000);
            assertThat(impostor.stats().hubConnected()).isFalse();
            assertThat(impostor.stats().acked()).isZero();
        }
        assertThat(hub.totals().samples()).isZero();

        try (var agent = Agent.start(config("edge-tls"), dir, Clock.systemUTC())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (hub.totals().samples() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(agent.stats().hubConnected()).isTrue();
        }
        assertThat(hub.totals().samples()).isGreaterThanOrEqualTo(50);
    }
}
