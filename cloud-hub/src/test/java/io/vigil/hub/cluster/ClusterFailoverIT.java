package io.vigil.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.TestAgent;
import io.vigil.hub.store.Database;
import io.vigil.testing.Await;
import io.vigil.testing.Mosquitto;
import io.vigil.testing.Ports;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two hubs as separate JVMs in one cluster, sharing Debian's Mosquitto (share group) and one PostgreSQL; an agent
 * publishes DDATA at a fixed rate at QoS 1 and one hub is killed with SIGKILL mid-run. The survivor keeps consuming
 * and takes over the dead hub's persistent session, so every published sample is stored exactly once without the dead
 * hub coming back; it then rejoins. A missing mosquitto fails the test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFailoverIT {
    private static final Logger log = LoggerFactory.getLogger(ClusterFailoverIT.class);
    private static final int TAGS = 10;
    private static final long PERIOD_MS = 10;
    private static final String ASSET = "pump-cluster";
    private static final String COUNT =
            "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = '" + ASSET + "'";
    private static final String DISTINCT_TIMES = "SELECT count(DISTINCT ts) FROM samples JOIN series s"
            + " ON s.id = series_id WHERE s.asset = '" + ASSET + "'";

    @TempDir
    Path dir;

    @Test
    void everySampleIsStoredOnceWhenAHubIsKilledMidRun() throws Exception {
        int portA = Ports.free();
        int portB = Ports.free();
        log.info("starting Mosquitto, PostgreSQL and two hubs");
        try (var broker = Mosquitto.start(Files.createDirectories(dir.resolve("mqtt")));
                var db = Database.embedded(dir.resolve("pg"));
                var a = new HubNode("hub-a", dir, broker.uri(), db.jdbcUrl(), portA, portB);
                var b = new HubNode("hub-b", dir, broker.uri(), db.jdbcUrl(), portB, portA)) {
            a.start();
            b.start();
            a.awaitRunning(1, 60);
            b.awaitRunning(1, 60);
            String url = db.jdbcUrl();
            try (var live = LiveClient.connect(a.live());
                    var agent = TestAgent.connect(broker.uri(), "edge-cluster")) {
                agent.nodeBirth(1);
                agent.deviceBirth(ASSET, metrics(), Map.of());
                var published = new AtomicInteger();
                var stop = new AtomicBoolean();
                Instant t0 = Instant.now().minusSeconds(600);
                var publisher = new Thread(() -> publish(agent, published, stop, t0), "publisher");
                publisher.start();

                awaitAtLeast(published, 300);
                log.info("killing hub-b");
                int exit = b.kill();
                int atKill = published.get();
                assertThat(Await.within(Duration.ofSeconds(20), () -> live.clusterEvents()
                                .contains("left")))
                        .as("hub-a's live feed tells of hub-b leaving")
                        .isTrue();
                awaitAtLeast(published, atKill + 300);
                stop.set(true);
                publisher.join(10_000);
                int total = published.get();
                boolean completeWithoutB =
                        Await.within(Duration.ofSeconds(30), () -> Db.count(url, COUNT) >= (long) total * TAGS);
                long storedWithoutB = Db.count(url, COUNT);
                String takeover = a.logLines("took over").findFirst().orElse("none");
                a.logLines("HubCluster").forEach(l -> log.info("hub-a: {}", l));
                b.logLines("hub running").forEach(l -> log.info("hub-b: {}", l));

                b.start();
                b.awaitRunning(2, 60);
                assertThat(Await.within(Duration.ofSeconds(20), () -> live.clusterEvents()
                                .contains("joined")))
                        .as("hub-a's live feed tells of hub-b joining again")
                        .isTrue();
                var restarted = new AtomicBoolean();
                var again = new Thread(() -> publish(agent, published, restarted, t0), "publisher-again");
                again.start();
                awaitAtLeast(published, total + 100);
                restarted.set(true);
                again.join(10_000);
                int all = published.get();
                assertThat(Await.within(Duration.ofSeconds(30), () -> Db.count(url, COUNT) >= (long) all * TAGS))
                        .as("what is published after hub-b's return is stored too")
                        .isTrue();
                Thread.sleep(500);
                double ingestedByB = ingestedMessages(b);

                log.info(
                        "published {} messages ({} at the kill, {} after hub-b's return); stored {} rows with hub-b"
                                + " dead, {} in the end; hub-b ingested {} after its return; hub-a: {}; live feed of"
                                + " hub-a saw {} message times, events {}",
                        all,
                        atKill,
                        all - total,
                        storedWithoutB,
                        Db.count(url, COUNT),
                        ingestedByB,
                        takeover,
                        live.sampleTimes().size(),
                        live.clusterEvents());
                assertThat(exit).as("exit status of SIGKILL").isEqualTo(137);
                assertThat(completeWithoutB)
                        .as("every sample stored by hub-a alone, which took over hub-b's session")
                        .isTrue();
                assertThat(takeover).containsPattern("took over [1-9][0-9]* message");
                assertThat(storedWithoutB).isEqualTo((long) total * TAGS);
                assertThat(Db.count(url, COUNT)).isEqualTo((long) all * TAGS);
                assertThat(Db.count(url, DISTINCT_TIMES)).isEqualTo(all);
                assertThat(ingestedByB)
                        .as("hub-b takes its share again after its return")
                        .isPositive();
                assertThat(live.clusterEvents()).containsSubsequence("left", "joined");
                assertThat(live.sampleTimes().size()).isGreaterThan(all / 2);
            } catch (AssertionError | RuntimeException e) {
                log.error("hub-a:\n{}\nhub-b:\n{}", a.tail(), b.tail());
                throw e;
            }
        }
    }

    /** DDATA at a fixed rate, each message a distinct time, counting those the broker acknowledged. */
    private static void publish(TestAgent agent, AtomicInteger published, AtomicBoolean stop, Instant t0) {
        String topic = agent.topic(MessageType.DDATA, ASSET);
        long next = System.nanoTime();
        try {
            for (int m = published.get(); !stop.get(); m++) {
                var samples = new ArrayList<Sample>();
                for (int k = 0; k < TAGS; k++) {
                    samples.add(Sample.good("t" + k, t0.plusMillis(m * PERIOD_MS), m + k));
                }
                agent.publish(topic, agent.deviceData(new AssetData(samples, List.of(), List.of())));
                published.incrementAndGet();
                next += TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed after " + published.get() + " messages", e);
        }
    }

    /** {@code vigil_ingest_messages_total} of a hub, from its Prometheus endpoint. */
    private static double ingestedMessages(HubNode hub) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(hub.metrics()).build(), HttpResponse.BodyHandlers.ofString());
        String prefix = "vigil_ingest_messages_total ";
        return response.body()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow();
    }

    private static void awaitAtLeast(AtomicInteger published, int n) throws InterruptedException {
        assertThat(Await.within(Duration.ofSeconds(30), () -> published.get() >= n))
                .as("published %d messages", n)
                .isTrue();
    }

    private static List<MetricDef> metrics() {
        var list = new ArrayList<MetricDef>();
        for (int k = 0; k < TAGS; k++) {
            list.add(new MetricDef("t" + k, "bar"));
        }
        return list;
    }
}
