package io.vigil.edge.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.MetricDef;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.device.Backoff;
import io.vigil.testing.Await;
import io.vigil.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a real hub (embedded PostgreSQL, MQTT ingest that pushes back with TCP when its commit queue
 * fills), with a backlog many times its in-flight window: the situation of an agent whose hub comes back after an
 * outage, and the one in which {@code AgentIT} was flaky.
 */
@Timeout(240)
class SparkplugForwarderIT {
    private static final List<String> TAGS =
            List.of("flow", "pressure", "temperature", "vibration", "current", "speed", "level", "valve");
    private static final List<String> ASSETS = List.of("pump-1", "pump-2");
    /** Enough that the socket to the hub fills and writes complete long after earlier PUBACKs came back. */
    private static final int BATCHES = 1_200;

    @TempDir
    Path dir;

    final Vertx vertx = Vertx.vertx();
    RunningHub hub;
    SparkplugForwarder forwarder;

    @AfterEach
    void stop() throws Exception {
        if (forwarder != null) {
            forwarder
                    .close(Duration.ofSeconds(1))
                    .toCompletableFuture()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
        if (hub != null) {
            hub.close();
        }
    }

    /**
     * Regression: the forwarder counted a batch in flight only once the client reported its packet id, which comes
     * after the write; with a full socket it handed the client more publishes than its in-flight limit, the client
     * refused them after each had taken a Sparkplug {@code seq}, and the hub saw sequence gaps and asked for rebirths
     * whose births were refused in turn.
     */
    @Test
    void sendsABacklogLargerThanItsInflightWindowWithoutRefusedPublishesOrSequenceGaps() throws Exception {
        int mqttPort = Ports.free();
        hub = HubLauncher.find().start(new HubSettings("127.0.0.1", 0, mqttPort, dir.resolve("hub"), Optional.empty()));
        var outbox = new Outbox(10_000_000);
        long items = fill(outbox);

        forwarder = new SparkplugForwarder(
                vertx,
                new AgentIdentity("edge-window", "plant"),
                new HubConfig(URI.create("tcp://127.0.0.1:" + mqttPort), Duration.ofMillis(250), 10_000_000),
                outbox,
                ASSETS.stream()
                        .map(a -> new AssetBirth(
                                a,
                                TAGS.stream().map(t -> new MetricDef(t, "")).toList(),
                                Map.of("protocol", "modbus-tcp", "device", a + "-modbus")))
                        .toList(),
                Clock.systemUTC(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), () -> 1.0));
        forwarder.start();
        Await.until("the outbox emptied by PUBACKs", Duration.ofSeconds(180), outbox::isEmpty);

        assertThat(outbox.acked()).as("items the hub acknowledged").isEqualTo(items);
        assertThat(outbox.published())
                .as("items handed to the MQTT client; more than acknowledged means publishes were refused and resent")
                .isEqualTo(items);
        assertThat(hub.totals().samples())
                .as("distinct samples committed by the hub")
                .isEqualTo(items);
        assertThat(metric("vigil_ingest_seq_gaps_total"))
                .as("Sparkplug sequence gaps the hub saw")
                .isZero();
    }

    /** {@link #BATCHES} batches of 100 samples, alternating assets; every sample has its own tag and time. */
    private static long fill(Outbox outbox) {
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        for (int b = 0; b < BATCHES; b++) {
            long first = (long) (b / ASSETS.size()) * Outbox.MAX_ITEMS_PER_BATCH;
            var samples = new ArrayList<Sample>(Outbox.MAX_ITEMS_PER_BATCH);
            IntStream.range(0, Outbox.MAX_ITEMS_PER_BATCH)
                    .forEach(i -> samples.add(
                            Sample.good(TAGS.get(i % TAGS.size()), start.plusMillis(first + i), first + i)));
            outbox.addSamples(ASSETS.get(b % ASSETS.size()), samples);
            outbox.seal();
        }
        return (long) BATCHES * Outbox.MAX_ITEMS_PER_BATCH;
    }

    /** A counter of the hub's Prometheus endpoint; fails when the hub does not export it. */
    private double metric(String name) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .reduce(Double::sum)
                .orElseThrow(() -> new AssertionError("the hub's /metrics has no " + name));
    }
}
