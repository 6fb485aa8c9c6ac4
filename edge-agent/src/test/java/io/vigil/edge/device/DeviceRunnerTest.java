package io.vigil.edge.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import io.vigil.testing.Await;
import io.vigil.testing.Ports;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against the plant simulator's real Modbus TCP server, started late to play a PLC that comes back. */
@Timeout(60)
class DeviceRunnerTest {
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final List<DeviceHealth> changes = new CopyOnWriteArrayList<>();
    final AtomicLong samples = new AtomicLong();
    PlantSimulator plant;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        if (plant != null) {
            plant.close();
        }
    }

    @Test
    void reportsDownOnceWhileRetryingAndUpWhenTheDeviceAppears() throws Exception {
        int port = Ports.free();
        var settings = new SimulatorSettings("127.0.0.1", port, 0, 1, Duration.ofMillis(100), 1);
        // the spec a running simulator would give, built before it runs
        DeviceSpec spec;
        try (var probe = PlantSimulator.start(SimulatorSettings.ephemeral(1), Clock.systemUTC())) {
            var template = probe.modbusDevice(1, Duration.ofMillis(100));
            spec = new DeviceSpec(
                    template.id(),
                    template.asset(),
                    template.protocol(),
                    "127.0.0.1:" + port + "/1",
                    template.interval(),
                    template.tags());
        }
        var runner = new DeviceRunner(
                spec,
                () -> DeviceAdapterProvider.forSpec(spec),
                scheduler,
                Clock.systemUTC(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), () -> 1.0),
                listener());
        runner.start();
        Await.until(
                "the device DOWN", Duration.ofSeconds(20), () -> runner.health().state() == DeviceHealth.State.DOWN);
        Thread.sleep(400); // several retries happen here; none may be reported again
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).detail()).contains("127.0.0.1:" + port);

        plant = PlantSimulator.start(settings, Clock.systemUTC());
        Await.until(
                "the device UP again with 12 samples",
                Duration.ofSeconds(20),
                () -> runner.health().state() == DeviceHealth.State.UP && samples.get() >= 12);
        assertThat(changes)
                .extracting(DeviceHealth::state)
                .containsExactly(DeviceHealth.State.DOWN, DeviceHealth.State.UP);

        plant.close();
        Await.until(
                "the device DOWN", Duration.ofSeconds(20), () -> runner.health().state() == DeviceHealth.State.DOWN);
        runner.close();
        assertThat(changes).hasSize(3);
    }

    private DeviceListener listener() {
        return new DeviceListener() {
            @Override
            public void samples(DeviceSpec device, List<Sample> read) {
                samples.addAndGet(read.size());
            }

            @Override
            public void healthChanged(DeviceSpec device, DeviceHealth health) {
                changes.add(health);
            }
        };
    }

    @Test
    void subscribingManyTagsMayTakeLongerThanConnecting() {
        assertThat(DeviceRunner.subscribeTimeout(8)).isEqualTo(Duration.ofMillis(20_040));
        assertThat(DeviceRunner.subscribeTimeout(100_000)).isEqualTo(Duration.ofSeconds(520));
    }
}
