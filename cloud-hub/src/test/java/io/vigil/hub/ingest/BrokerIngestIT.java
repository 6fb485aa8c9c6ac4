package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.TestAgent;
import io.vigil.testing.Await;
import io.vigil.testing.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * External broker mode against Debian's Mosquitto (MQTT 5): two hubs in one share group, one database; an agent
 * publishes to the broker and every sample is stored exactly once, the data split between both hubs and between the
 * sessions of each. A missing mosquitto fails the test ({@code ./vigil test} installs it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerIngestIT {
    private static final int MESSAGES = 400;
    private static final int TAGS = 10;

    @TempDir
    Path dir;

    @Test
    void twoHubsInAShareGroupSplitTheDataOverEverySessionAndStoreEverySampleOnce() throws Exception {
        try (var broker = Mosquitto.start(Files.createDirectories(dir.resolve("mqtt")));
                var hubA = hub(broker, dir.resolve("a"), Optional.empty(), "hub-a");
                var hubB = hub(broker, dir.resolve("b"), Optional.of(hubA.jdbcUrl()), "hub-b");
                var watcher = TestAgent.connect(broker.uri(), "state-watcher");
                var agent = TestAgent.connect(broker.uri(), "edge-shared")) {
            watcher.subscribe("spBv1.0/STATE/+");
            agent.nodeBirth(1);
            agent.deviceBirth("pump-shared", metrics(), Map.of("protocol", "modbus-tcp"));
            Instant t0 = Instant.now().minusSeconds(3600);
            var payloads = new ArrayList<byte[]>();
            for (int m = 0; m < MESSAGES; m++) {
                var samples = new ArrayList<Sample>();
                for (int k = 0; k < TAGS; k++) {
                    samples.add(Sample.good("t" + k, t0.plusMillis(m * 10L), m + k));
                }
                payloads.add(agent.deviceData(new AssetData(samples, List.of(), List.of())));
            }

            agent.publishPipelined(agent.topic(MessageType.DDATA, "pump-shared"), payloads, 50);

            String db = hubA.jdbcUrl();
            String count =
                    "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = 'pump-shared'";
            assertThat(Await.within(Duration.ofSeconds(30), () -> Db.count(db, count) >= MESSAGES * TAGS))
                    .isTrue();
            Thread.sleep(300);
            assertThat(Db.count(db, count)).isEqualTo(MESSAGES * TAGS);
            double a = messages(hubA);
            double b = messages(hubB);
            assertThat(a).isPositive();
            assertThat(b).isPositive();
            assertThat(a + b).isEqualTo(MESSAGES + 2 * 2);
            var perSession = new TreeMap<String, Double>();
            perSession.putAll(sessionMessages(hubA));
            perSession.putAll(sessionMessages(hubB));
            assertThat(perSession).containsOnlyKeys("hub-a", "hub-a.1", "hub-b", "hub-b.1");
            assertThat(perSession.values()).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(states(watcher, 2))
                    .extracting(j -> j.getBoolean("online"))
                    .containsOnly(true);
        }
    }

    @Test
    void aRestartedHubGetsWhatWasPublishedWhileItWasDownFromItsPersistentSession() throws Exception {
        Path data = dir.resolve("p");
        try (var broker = Mosquitto.start(Files.createDirectories(dir.resolve("mqtt")));
                var agent = TestAgent.connect(broker.uri(), "edge-later")) {
            hub(broker, data, Optional.empty(), "hub-p").close();
            agent.nodeBirth(1);
            agent.deviceBirth("pump-later", metrics(), Map.of());
            Instant t0 = Instant.now().minusSeconds(60);
            for (int m = 0; m < 20; m++) {
                agent.publishData(
                        "pump-later",
                        new AssetData(List.of(Sample.good("t0", t0.plusSeconds(m), m)), List.of(), List.of()));
            }

            try (var hub = hub(broker, data, Optional.empty(), "hub-p")) {
                String count =
                        "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = 'pump-later'";
                assertThat(Await.within(Duration.ofSeconds(30), () -> Db.count(hub.jdbcUrl(), count) == 20))
                        .isTrue();
            }
        }
    }

    @Test
    void aHubThatStopsPublishesStateOffline() throws Exception {
        try (var broker = Mosquitto.start(Files.createDirectories(dir.resolve("mqtt")));
                var watcher = TestAgent.connect(broker.uri(), "state-watcher")) {
            var hub = hub(broker, dir.resolve("a"), Optional.empty(), "hub-state");
            hub.close();

            watcher.subscribe("spBv1.0/STATE/hub-state");

            var msg = watcher.received().poll(10, TimeUnit.SECONDS);
            assertThat(msg).isNotNull();
            assertThat(msg.isRetain()).isTrue();
            var state = new JsonObject(msg.payload());
            assertThat(state.getBoolean("online")).isFalse();
            assertThat(state.getLong("timestamp")).isPositive();
        }
    }

    private static Hub hub(Mosquitto broker, Path dataDir, Optional<String> db, String clientId) {
        return Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, dataDir, db))
                        .withBroker(new BrokerSettings(broker.uri(), Optional.of("vigil"), clientId).withSessions(2)),
                Clock.systemUTC());
    }

    private static List<MetricDef> metrics() {
        var list = new ArrayList<MetricDef>();
        for (int k = 0; k < TAGS; k++) {
            list.add(new MetricDef("t" + k, "bar"));
        }
        return list;
    }

    private static double messages(Hub hub) throws Exception {
        String prefix = "vigil_ingest_messages_total ";
        return HubIngestIT.scrapeOn(hub)
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow();
    }

    /** {@code vigil_broker_session_messages_total} by session id. */
    private static Map<String, Double> sessionMessages(Hub hub) throws Exception {
        var m = Pattern.compile("^vigil_broker_session_messages_total\\{session=\"([^\"]+)\"} (\\S+)$");
        var counts = new HashMap<String, Double>();
        HubIngestIT.scrapeOn(hub)
                .lines()
                .map(m::matcher)
                .filter(Matcher::matches)
                .forEach(x -> counts.put(x.group(1), Double.parseDouble(x.group(2))));
        return counts;
    }

    private static List<JsonObject> states(TestAgent watcher, int n) throws InterruptedException {
        var list = new ArrayList<JsonObject>();
        while (list.size() < n) {
            var msg = watcher.received().poll(10, TimeUnit.SECONDS);
            if (msg == null) {
                break;
            }
            list.add(new JsonObject(msg.payload()));
        }
        return list;
    }
}
