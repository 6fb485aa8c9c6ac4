package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.PumpReading;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reads and subscribes to the plant simulator's Milo server through the Milo client, on loopback. */
@Timeout(60)
class OpcUaAdapterIT {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static PlantSimulator plant;

    @BeforeAll
    static void startPlant() {
        plant = PlantSimulator.start(
                new SimulatorSettings("127.0.0.1", 0, 0, 2, Duration.ofMillis(50), 7), Clock.systemUTC());
    }

    @AfterAll
    static void stopPlant() {
        plant.close();
    }

    @Test
    void readsEveryPumpTagWithTheSimulatorsValues() throws Exception {
        try (var adapter = new OpcUaAdapter(plant.opcUaDevice(1, INTERVAL))) {
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples).extracting(Sample::tag).containsExactlyElementsOf(PumpTags.ids());
            assertThat(samples).allMatch(Sample::isGood);
            assertThat(samples.get(7).value()).as("flow").isBetween(5.0, 40.0);
            assertThat(adapter.health().state()).isEqualTo(DeviceHealth.State.UP);
        }
    }

    @Test
    void readsTheExactValueOfTheLastTick() throws Exception {
        var still = PlantSimulator.start(
                new SimulatorSettings("127.0.0.1", 0, 0, 1, Duration.ofSeconds(60), 3), Clock.systemUTC());
        try (still;
                var adapter = new OpcUaAdapter(still.opcUaDevice(1, INTERVAL))) {
            Await.result(adapter.connect());
            PumpReading expected = still.reading(1);
            List<Sample> samples = Await.result(adapter.read());
            assertThat(samples.get(2).value()).isCloseTo(expected.current(), within(1e-12));
            assertThat(samples.get(4).value()).isCloseTo(expected.motorTemp(), within(1e-12));
        }
    }

    @Test
    void anUnknownNodeIsABadSample() throws Exception {
        var tags = new ArrayList<>(PumpTags.opcUa(1, plant.opcUaNamespaceIndex()));
        tags.add(new TagSpec("ghost", "ns=" + plant.opcUaNamespaceIndex() + ";s=pump1.ghost", DataType.FLOAT64));
        var spec = new DeviceSpec("pump1-ghost", "pump1", Protocol.OPC_UA, plant.opcUaEndpoint(), INTERVAL, tags);
        try (var adapter = new OpcUaAdapter(spec)) {
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples.get(8).quality()).isEqualTo(Quality.BAD);
            assertThat(samples.subList(0, 8)).allMatch(Sample::isGood);
        }
    }

    @Test
    void subscriptionDeliversChangingValues() throws Exception {
        var received = new CopyOnWriteArrayList<Sample>();
        try (var adapter = new OpcUaAdapter(plant.opcUaDevice(2, INTERVAL))) {
            Await.result(adapter.connect());
            Await.result(adapter.subscribe(received::addAll));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received.stream().filter(s -> s.tag().equals(PumpTags.FLOW)).count() < 5
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            List<Sample> flows =
                    received.stream().filter(s -> s.tag().equals(PumpTags.FLOW)).toList();
            assertThat(flows).hasSizeGreaterThanOrEqualTo(5).allMatch(Sample::isGood);
            assertThat(flows.stream().map(Sample::time).distinct().count()).isGreaterThan(1);
        }
    }

    @Test
    void subscribesThreeThousandItemsInBatchesOfOneThousand() throws Exception {
        List<TagSpec> pump = PumpTags.opcUa(1, plant.opcUaNamespaceIndex());
        var tags = new ArrayList<TagSpec>();
        for (int i = 0; i < 3_000; i++) {
            tags.add(new TagSpec("t" + i, pump.get(i % pump.size()).address(), DataType.FLOAT64));
        }
        var spec = new DeviceSpec("many", "pump1", Protocol.OPC_UA, plant.opcUaEndpoint(), Duration.ofSeconds(1), tags);
        var seen = ConcurrentHashMap.<String>newKeySet();
        var bad = new CopyOnWriteArrayList<Sample>();
        try (var adapter = new OpcUaAdapter(spec)) {
            Await.result(adapter.connect());
            Await.result(adapter.subscribe(samples -> samples.forEach(s -> {
                seen.add(s.tag());
                if (!s.isGood()) {
                    bad.add(s);
                }
            })));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < tags.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(seen).hasSize(3_000);
        assertThat(bad).isEmpty();
    }

    @Test
    void browsesTheSimulatorsPumpsAsNumericTags() {
        List<BrowsedVariable> variables = OpcUaBrowser.browse(plant.opcUaEndpoint(), DeviceSecurity.NONE, 5, 1_000);

        assertThat(variables)
                .extracting(BrowsedVariable::nodeId)
                .containsAll(PumpTags.opcUa(1, plant.opcUaNamespaceIndex()).stream()
                        .map(TagSpec::address)
                        .toList());
        assertThat(variables).allMatch(v -> v.tagType().isPresent());
        assertThat(OpcUaTagBrowser.tags(variables)).extracting(TagSpec::id).doesNotHaveDuplicates();
    }

    @Test
    void rejectsAnEndpointThatIsNotOpcTcp() {
        var spec =
                new DeviceSpec("x", "pump1", Protocol.OPC_UA, "http://127.0.0.1:4840", INTERVAL, PumpTags.opcUa(1, 2));
        assertThatThrownBy(() -> new OpcUaAdapter(spec)).hasMessageContaining("must start with opc.tcp://");
    }

    @Test
    void rejectsATagThatIsNotANodeId() {
        var spec = new DeviceSpec(
                "x",
                "pump1",
                Protocol.OPC_UA,
                plant.opcUaEndpoint(),
                INTERVAL,
                List.of(new TagSpec("flow", "pump1/flow", DataType.FLOAT64)));
        assertThatThrownBy(() -> new OpcUaAdapter(spec)).hasMessageContaining("tag flow: 'pump1/flow' is not a NodeId");
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        try (var adapter = DeviceAdapterProvider.forSpec(plant.opcUaDevice(1, INTERVAL))) {
            assertThat(adapter).isInstanceOf(OpcUaAdapter.class);
            assertThat(adapter.supportsSubscription()).isTrue();
        }
    }
}
