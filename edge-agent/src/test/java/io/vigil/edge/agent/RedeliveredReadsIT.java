package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.TagSpec;
import io.vigil.core.wire.MetricDef;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.device.Backoff;
import io.vigil.edge.forward.AssetBirth;
import io.vigil.edge.forward.Outbox;
import io.vigil.edge.forward.SparkplugForwarder;
import io.vigil.testing.Await;
import io.vigil.testing.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads that reach the agent twice, through the agent's own sample path (router, outbox, forwarder) to a real hub
 * (embedded PostgreSQL, MQTT ingest), whose samples table stores one row per series and millisecond.
 */
@Timeout(120)
class RedeliveredReadsIT {
    private static final List<TagSpec> TAGS = PumpTags.opcUa(2, 2);

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
     * Regression (AgentIT, 2026-12-07: "committed &lt; acked", short by 8 per read): under load Milo delivered whole
     * notifications of pump2 again after newer ones (T1, T2, T1, T2). The repeat filter compared each sample with its
     * tag's latest timestamp only, so the agent buffered, sent and counted as acknowledged reads the hub stored once.
     * A second read within the same millisecond is the same row to the hub too.
     */
    @Test
    void readsDeliveredAgainAfterNewerOnesAreAcknowledgedOnceAsTheHubStoresThem() throws Exception {
        int mqttPort = Ports.free();
        hub = HubLauncher.find().start(new HubSettings("127.0.0.1", 0, mqttPort, dir.resolve("hub"), Optional.empty()));
        var device = new DeviceSpec(
                "pump2-opcua",
                "pump2",
                Protocol.OPC_UA,
                "opc.tcp://127.0.0.1:4840/vigil",
                Duration.ofMillis(100),
                TAGS);
        var hubConfig = new HubConfig(URI.create("tcp://127.0.0.1:" + mqttPort), Duration.ofMillis(100), 100_000);
        var config =
                new AgentConfig(new AgentIdentity("edge-redelivery", "plant"), hubConfig, List.of(device), List.of());
        var outbox = new Outbox(100_000);
        var router = new SampleRouter(config, List.of(), Clock.systemUTC(), outbox, window -> {});

        Instant t1 =
                Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5).plusNanos(313_000);
        Instant t2 = t1.plusNanos(98_717_000);
        Instant t3 = t2.plusMillis(100);
        for (Instant t : List.of(t1, t2, t1, t2, t2.plusNanos(300_000), t3)) {
            router.samples(device, read(t));
        }

        forwarder = new SparkplugForwarder(
                vertx,
                config.agent(),
                hubConfig,
                outbox,
                List.of(new AssetBirth(
                        "pump2",
                        TAGS.stream().map(t -> new MetricDef(t.id(), t.unit())).toList(),
                        Map.of("protocol", "opcua", "device", device.id()))),
                Clock.systemUTC(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), () -> 1.0));
        forwarder.start();
        Await.until("every read acknowledged", Duration.ofSeconds(60), () -> outbox.acked() > 0 && outbox.isEmpty());

        assertThat(hub.totals().samples())
                .as("distinct samples the hub committed, against the items it acknowledged")
                .isEqualTo(outbox.acked());
        assertThat(outbox.acked())
                .as("three distinct reads of %s tags", TAGS.size())
                .isEqualTo(3L * TAGS.size());
    }

    private static List<Sample> read(Instant t) {
        return TAGS.stream()
                .map(tag -> Sample.good(tag.id(), t, t.toEpochMilli() % 1000))
                .toList();
    }
}
