package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.PumpReading;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Await;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reads the plant simulator's Modbus TCP server through j2mod, over a real loopback socket. */
@Timeout(30)
class ModbusAdapterIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static PlantSimulator plant;

    @BeforeAll
    static void startPlant() {
        // A one-minute tick keeps the values still while a test compares them; tests call tick() themselves.
        var settings = new SimulatorSettings("127.0.0.1", 0, 0, 2, Duration.ofSeconds(60), 42);
        plant = PlantSimulator.start(settings, Clock.systemUTC());
    }

    @AfterAll
    static void stopPlant() {
        plant.close();
    }

    @Test
    void readsEveryPumpTagInOneRequest() throws Exception {
        try (var adapter = new ModbusAdapter(plant.modbusDevice(2, INTERVAL))) {
            Await.result(adapter.connect());
            PumpReading expected = plant.reading(2);
            List<Sample> samples = Await.result(adapter.read());

            assertThat(adapter.requestsPerRead()).isEqualTo(1);
            assertThat(samples).extracting(Sample::tag).containsExactlyElementsOf(PumpTags.ids());
            assertThat(samples).allMatch(Sample::isGood);
            assertThat(samples.get(7).value()).isCloseTo(expected.flow(), within(1e-4));
            assertThat(samples.get(3).value()).as("cdab pressure").isCloseTo(expected.pressure(), within(1e-6));
            assertThat(samples.get(4).value()).isCloseTo(expected.motorTemp(), within(1e-4));
            assertThat(samples.get(0).value()).isCloseTo(expected.vibration1(), within(1e-8));
            assertThat(adapter.health().state()).isEqualTo(DeviceHealth.State.UP);
        }
    }

    @Test
    void aWrongAddressIsABadSampleAndSparesItsNeighbours() throws Exception {
        var tags = new ArrayList<>(PumpTags.modbus(1));
        tags.add(new TagSpec("ghost", "hr:199", DataType.FLOAT32));
        var spec = new DeviceSpec("pump1-ghost", "pump1", Protocol.MODBUS_TCP, plant.modbusEndpoint(), INTERVAL, tags);
        try (var adapter = new ModbusAdapter(spec)) {
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples.get(8).quality()).isEqualTo(Quality.BAD);
            assertThat(samples.subList(0, 8)).allMatch(Sample::isGood);
            assertThat(adapter.health().state()).isEqualTo(DeviceHealth.State.UP);
        }
    }

    @Test
    void refusedConnectionFailsWithTheDeviceAndEndpoint() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        var spec = new DeviceSpec(
                "nobody", "pump9", Protocol.MODBUS_TCP, "127.0.0.1:" + closedPort, INTERVAL, PumpTags.modbus(1));
        try (var adapter = new ModbusAdapter(spec, Clock.systemUTC(), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> Await.result(adapter.connect()))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("device nobody (Modbus TCP 127.0.0.1:" + closedPort + "/1): connect failed");
            assertThat(adapter.health().state()).isEqualTo(DeviceHealth.State.DOWN);
        }
    }

    @Test
    void readBeforeConnectFailsClearly() {
        try (var adapter = new ModbusAdapter(plant.modbusDevice(1, INTERVAL))) {
            assertThatThrownBy(() -> Await.result(adapter.read()))
                    .cause()
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("call connect() first");
        }
    }

    @Test
    void aLostServerFailsTheReadAndMarksTheDeviceDown() throws Exception {
        var own = PlantSimulator.start(SimulatorSettings.ephemeral(1), Clock.systemUTC());
        try (var adapter = new ModbusAdapter(own.modbusDevice(1, INTERVAL), Clock.systemUTC(), Duration.ofSeconds(1))) {
            Await.result(adapter.connect());
            Await.result(adapter.read());
            own.close();

            assertThatThrownBy(() -> Await.result(adapter.read())).cause().isInstanceOf(DeviceException.class);
            assertThat(adapter.health().state()).isEqualTo(DeviceHealth.State.DOWN);
        } finally {
            own.close();
        }
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        try (var adapter = DeviceAdapterProvider.forSpec(plant.modbusDevice(1, INTERVAL))) {
            assertThat(adapter).isInstanceOf(ModbusAdapter.class);
            assertThat(adapter.supportsSubscription()).isFalse();
        }
    }
}
