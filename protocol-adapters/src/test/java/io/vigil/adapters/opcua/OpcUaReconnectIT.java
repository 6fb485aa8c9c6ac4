package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import io.vigil.testing.Await;
import io.vigil.testing.Ports;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscription outlives a restart of the OPC UA server (Milo's server SDK, on loopback): the new server knows
 * nothing of the old session and subscription, so Milo's client cannot transfer it, and the adapter must create it
 * again, or data would silently stop while the session looks healthy.
 */
@Timeout(90)
class OpcUaReconnectIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    @Test
    void subscriptionDeliversAgainAfterTheServerRestarts() throws Exception {
        int port = Ports.free();
        var settings = new SimulatorSettings("127.0.0.1", 0, port, 1, Duration.ofMillis(50), 7);
        var received = new CopyOnWriteArrayList<Sample>();
        PlantSimulator plant = PlantSimulator.start(settings, Clock.systemUTC());
        DeviceSpec spec = plant.opcUaDevice(1, INTERVAL);
        try (var adapter = new OpcUaAdapter(spec)) {
            adapter.connect().toCompletableFuture().get(20, TimeUnit.SECONDS);
            adapter.subscribe(received::addAll).toCompletableFuture().get(20, TimeUnit.SECONDS);
            Await.until("first samples", Duration.ofSeconds(10), () -> received.stream()
                    .anyMatch(Sample::isGood));

            plant.close();
            Await.until(
                    "the adapter to notice the server is gone",
                    Duration.ofSeconds(30),
                    () -> adapter.health().state() == DeviceHealth.State.DOWN);

            plant = PlantSimulator.start(settings, Clock.systemUTC());
            Await.until(
                    "the session to come back",
                    Duration.ofSeconds(40),
                    () -> adapter.health().state() == DeviceHealth.State.UP);
            int before = received.size();
            Await.until(
                    "samples from the restarted server",
                    Duration.ofSeconds(20),
                    () -> received.subList(before, received.size()).stream().anyMatch(Sample::isGood));
            List<Sample> after = List.copyOf(received.subList(before, received.size()));
            assertThat(after).extracting(Sample::tag).contains("flow");
        } finally {
            plant.close();
        }
    }
}
