package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.wire.MessageType;
import io.vigil.edge.StandInHub;
import io.vigil.edge.StandInHub.Received;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.config.ModelConfig;
import io.vigil.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent against real peers except the hub: the plant simulator's Modbus server, an ONNX model trained on
 * the simulator's normal data, and a Vert.x MQTT server standing in for the hub (acknowledging each QoS 1 publish).
 */
@Timeout(120)
class AgentSparkplugIT {
    @TempDir
    static Path dir;

    static PlantSimulator plant;
    static Vertx vertx;
    static StandInHub server;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static ModelManifest manifest;

    @BeforeAll
    static void start() throws Exception {
        manifest = PumpTraining.train(dir.resolve("models/pump-ae"), 10, 5);
        plant = PlantSimulator.start(
                SimulatorSettings.ephemeral(1).withTick(Duration.ofMillis(100)), Clock.systemUTC());
        vertx = Vertx.vertx();
        server = StandInHub.start(vertx, 0, received::add);
    }

    @AfterAll
    static void stop() throws Exception {
        if (plant != null) {
            plant.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsScoresAndForwardsWhileAnUnreachableDeviceIsReportedDead() throws Exception {
        DeviceSpec pump = plant.modbusDevice(1, Duration.ofMillis(100));
        var dead = new DeviceSpec(
                "dead-modbus",
                "pump9",
                Protocol.MODBUS_TCP,
                "127.0.0.1:1/1",
                Duration.ofMillis(200),
                PumpTags.modbus(1));
        var config = new AgentConfig(
                new AgentIdentity("edge-it", "plant"),
                new HubConfig(server.uri(), Duration.ofMillis(200), 100_000),
                List.of(pump, dead),
                List.of(new ModelConfig(Path.of("models/pump-ae"), List.of(pump.asset()), manifest)));

        try (var agent = Agent.start(config, dir, Clock.systemUTC())) {
            Await.until(
                    "five windows scored and a DDEATH for pump9",
                    Duration.ofSeconds(60),
                    () -> agent.stats().windowsScored() >= 5 && count(MessageType.DDEATH, "pump9") >= 1);
            Await.until("five scores of the pump in DDATA", Duration.ofSeconds(60), () -> scores(pump.asset()) >= 5);

            var stats = agent.stats();
            assertThat(stats.devices().get(pump.id()).state()).isEqualTo(DeviceHealth.State.UP);
            assertThat(stats.devices().get("dead-modbus").state()).isEqualTo(DeviceHealth.State.DOWN);
            assertThat(stats.devices().get("dead-modbus").detail()).isNotEmpty();
            assertThat(stats.samplesRead()).isGreaterThan(0);
            assertThat(stats.hubConnected()).isTrue();
        }
        assertThat(received.get(0).topic().type()).isEqualTo(MessageType.NBIRTH);
        var birth = received.stream()
                .filter(r -> r.topic().type() == MessageType.DBIRTH
                        && r.topic().device().orElse("").equals(pump.asset()))
                .findFirst()
                .orElseThrow();
        assertThat(birth.message().births())
                .extracting(d -> d.name())
                .contains("flow", "vibration1", "vigil/score/pump-ae", "vigil/event/anomaly");
        assertThat(birth.message().meta())
                .containsEntry("protocol", "modbus-tcp")
                .containsEntry("device", pump.id());
        assertThat(received.get(received.size() - 1).topic().type()).isEqualTo(MessageType.NDEATH);
    }

    private static long count(MessageType type, String asset) {
        return received.stream()
                .filter(r -> r.topic().type() == type
                        && r.topic().device().orElse("").equals(asset))
                .count();
    }

    private static long scores(String asset) {
        return received.stream()
                .filter(r -> r.topic().type() == MessageType.DDATA
                        && r.topic().device().orElse("").equals(asset))
                .mapToLong(r -> r.message().data().scores().size())
                .sum();
    }
}
