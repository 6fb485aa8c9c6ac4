package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.model.ModelManifest;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.config.ModelConfig;
import io.vigil.testing.Await;
import io.vigil.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with real peers only: the plant simulator (pump1 over Modbus TCP, pump2 over OPC UA), a model trained on
 * the simulator's normal data, and a real hub (embedded PostgreSQL, MQTT ingest, REST) that starts only after the
 * agent has been buffering for a while.
 */
@Timeout(240)
class AgentIT {
    @TempDir
    static Path dir;

    static PlantSimulator plant;
    static RunningHub hub;
    static ModelManifest manifest;

    @BeforeAll
    static void start() {
        manifest = PumpTraining.train(dir.resolve("models/pump-ae"), 10, 5);
        plant = PlantSimulator.start(
                SimulatorSettings.ephemeral(2).withTick(Duration.ofMillis(100)), Clock.systemUTC());
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

    @Test
    void buffersUntilTheHubStartsThenDeliversEverythingAndReportsTheDeadDeviceOffline() throws Exception {
        int mqttPort = Ports.free();
        DeviceSpec modbus = plant.modbusDevice(1, Duration.ofMillis(100));
        DeviceSpec opcua = plant.opcUaDevice(2, Duration.ofMillis(100));
        var dead = new DeviceSpec(
                "dead-modbus",
                "pump9",
                Protocol.MODBUS_TCP,
                "127.0.0.1:1/1",
                Duration.ofMillis(200),
                PumpTags.modbus(1));
        var config = new AgentConfig(
                new AgentIdentity("edge-it", "plant"),
                new HubConfig(URI.create("tcp://127.0.0.1:" + mqttPort), Duration.ofMillis(250), 1_000_000),
                List.of(modbus, opcua, dead),
                List.of(new ModelConfig(Path.of("models/pump-ae"), List.of("pump1", "pump2"), manifest)));

        long acked;
        try (var agent = Agent.start(config, dir, Clock.systemUTC())) {
            Await.until(
                    "300 messages buffered and two windows scored",
                    Duration.ofSeconds(60),
                    () -> agent.stats().buffered() >= 300 && agent.stats().windowsScored() >= 2);
            long bufferedBeforeHub = agent.stats().buffered();
            assertThat(agent.stats().hubConnected()).isFalse();

            hub = HubLauncher.find()
                    .start(new HubSettings("127.0.0.1", 0, mqttPort, dir.resolve("hub"), Optional.empty()));
            Await.until(
                    "the hub to store every buffered sample and a window",
                    Duration.ofSeconds(90),
                    () -> hub.totals().samples() >= bufferedBeforeHub
                            && hub.totals().windows() > 0);
            Await.until(
                    "pump9 offline and pump1 online",
                    Duration.ofSeconds(30),
                    () -> "offline".equals(assetStatus("pump9")) && "online".equals(assetStatus("pump1")));

            assertThat(assetStatus("pump2")).isEqualTo("online");
            assertThat(agent.stats().dropped()).isZero();
            assertThat(agent.stats().devicesDown()).isEqualTo(1);
            agent.close();
            acked = agent.stats().acked();
        }
        var totals = hub.totals();
        assertThat(totals.samples() + totals.windows() + totals.anomalies())
                .as("every item the hub acknowledged is committed, none lost or duplicated")
                .isEqualTo(acked);
    }

    private static String assetStatus(String asset) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/api/v1/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode health = new ObjectMapper().readTree(response.body());
        for (JsonNode agent : health.path("agents")) {
            for (JsonNode a : agent.path("assets")) {
                if (asset.equals(a.path("id").asText())) {
                    return a.path("status").asText();
                }
            }
        }
        return "unknown";
    }
}
