package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.sim.OpcUaLoadServer;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscribes many items on a real Milo server whose MaxMonitoredItemsPerCall is lower than the adapter's own batch:
 * a client that sent bigger CreateMonitoredItems requests would get Bad_TooManyOperations, i.e. BAD samples.
 */
@Timeout(120)
class OpcUaBulkSubscribeIT {
    private static final int ITEMS = 20_000;
    private static final int SERVER_LIMIT = 700;
    private static OpcUaLoadServer server;

    @BeforeAll
    static void startServer() {
        server = OpcUaLoadServer.start(ITEMS, Duration.ofSeconds(1), SERVER_LIMIT);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void subscribesTwentyThousandItemsInBatchesWithinTheServersPerCallLimit() throws Exception {
        var tags = new ArrayList<TagSpec>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            tags.add(new TagSpec("v" + i, server.nodeId(i), DataType.FLOAT64));
        }
        var spec = new DeviceSpec("bulk", "bulk", Protocol.OPC_UA, server.endpointUrl(), Duration.ofMillis(500), tags);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        var bad = new AtomicInteger();
        try (var adapter = new OpcUaAdapter(spec)) {
            adapter.connect().toCompletableFuture().get(20, TimeUnit.SECONDS);
            adapter.subscribe(samples -> samples.forEach(s -> {
                        seen.add(s.tag());
                        if (!s.isGood()) {
                            bad.incrementAndGet();
                        }
                    }))
                    .toCompletableFuture()
                    .get(90, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < ITEMS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(bad).hasValue(0);
        assertThat(seen).hasSize(ITEMS);
    }

    @Test
    void pipelinedRequestsStillGiveEachItemItsOwnResult() throws Exception {
        int items = 3_000;
        var tags = new ArrayList<TagSpec>(items);
        var missing = new HashSet<String>();
        for (int i = 0; i < items; i++) {
            boolean unknown = i % 499 == 7; // spread over every request and every chain of requests
            String address = unknown ? "ns=2;s=no.such.variable." + i : server.nodeId(i);
            tags.add(new TagSpec("v" + i, address, DataType.FLOAT64));
            if (unknown) {
                missing.add("v" + i);
            }
        }
        var spec =
                new DeviceSpec("mixed", "mixed", Protocol.OPC_UA, server.endpointUrl(), Duration.ofMillis(500), tags);
        Set<String> good = ConcurrentHashMap.newKeySet();
        Set<String> bad = ConcurrentHashMap.newKeySet();
        try (var adapter = new OpcUaAdapter(spec, Clock.systemUTC(), 4)) {
            adapter.connect().toCompletableFuture().get(20, TimeUnit.SECONDS);
            adapter.subscribe(samples -> samples.forEach(s -> (s.isGood() ? good : bad).add(s.tag())))
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertThat(bad).as("reported when subscribe completes").isEqualTo(missing);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (good.size() < items - missing.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(good).hasSize(items - missing.size()).doesNotContainAnyElementsOf(missing);
    }

    @Test
    void batchIsTheLowerOfOursAndTheServersLimit() throws Exception {
        var client = OpcUaConnector.connect(server.endpointUrl(), DeviceSecurity.NONE, "limit check");
        try {
            assertThat(MonitoredItemBatches.itemsPerCall(client)).isEqualTo(SERVER_LIMIT);
        } finally {
            client.disconnect();
        }
    }
}
