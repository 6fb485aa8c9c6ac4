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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT 5 manual acknowledgement end to end: a hub in its own JVM (two sessions) receives data through Debian's
 * Mosquitto while its commits are held back by a table lock, is killed with SIGKILL before any commit, and on restart
 * with the same client ids its persistent sessions get every unacknowledged message again; each sample is then stored
 * exactly once. A missing mosquitto fails the test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerRedeliveryIT {
    private static final int MESSAGES = 200;
    private static final int TAGS = 10;
    private static final String ASSET = "pump-redelivered";
    private static final String COUNT =
            "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = '" + ASSET + "'";
    private static final String DISTINCT = "SELECT count(DISTINCT (series_id, ts)) FROM samples JOIN series s"
            + " ON s.id = series_id WHERE s.asset = '" + ASSET + "'";

    @TempDir
    Path dir;

    @Test
    void messagesReceivedButNotCommittedWhenTheHubIsKilledAreRedeliveredToItsSessionsAndStoredOnce() throws Exception {
        try (var broker = Mosquitto.start(Files.createDirectories(dir.resolve("mqtt")));
                var db = Database.embedded(dir.resolve("pg"));
                var hub = new HubNode(
                        "hub-k", dir, broker.uri(), db.jdbcUrl(), List.of("--writers", "2", "--broker-sessions", "2"));
                var agent = TestAgent.connect(broker.uri(), "edge-k")) {
            hub.start().awaitRunning(1, 60);
            String url = db.jdbcUrl();
            agent.nodeBirth(1);
            agent.deviceBirth(ASSET, metrics(), Map.of());
            assertThat(Await.within(
                            Duration.ofSeconds(20),
                            () -> Db.count(url, "SELECT count(*) FROM series WHERE asset = ?", ASSET) == TAGS))
                    .as("the births are stored")
                    .isTrue();

            try (var lock = DriverManager.getConnection(url)) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE samples IN ACCESS EXCLUSIVE MODE");
                agent.publishPipelined(agent.topic(MessageType.DDATA, ASSET), payloads(agent), 50);
                assertThat(Await.within(
                                Duration.ofSeconds(20),
                                () -> metric(hub, "vigil_ingest_messages_total ") >= MESSAGES + 2))
                        .as("the hub received every message")
                        .isTrue();
                assertThat(metric(hub, "vigil_samples_committed_total ")).isZero();
                assertThat(hub.kill()).as("exit status of SIGKILL").isEqualTo(137);
                lock.rollback();
            }
            assertThat(Db.count(url, COUNT))
                    .as("nothing was committed before the kill")
                    .isZero();

            hub.start().awaitRunning(2, 60);
            assertThat(Await.within(Duration.ofSeconds(30), () -> Db.count(url, COUNT) >= (long) MESSAGES * TAGS))
                    .as("the restarted hub stores what its sessions got again")
                    .isTrue();
            Thread.sleep(500);
            assertThat(Db.count(url, COUNT)).isEqualTo((long) MESSAGES * TAGS);
            assertThat(Db.count(url, DISTINCT)).isEqualTo((long) MESSAGES * TAGS);
            assertThat(hub.logLines("session present true").count())
                    .as("both sessions resumed")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    private static List<byte[]> payloads(TestAgent agent) {
        Instant t0 = Instant.now().minusSeconds(600);
        var list = new ArrayList<byte[]>();
        for (int m = 0; m < MESSAGES; m++) {
            var samples = new ArrayList<Sample>();
            for (int k = 0; k < TAGS; k++) {
                samples.add(Sample.good("t" + k, t0.plusMillis(m * 10L), m + k));
            }
            list.add(agent.deviceData(new AssetData(samples, List.of(), List.of())));
        }
        return list;
    }

    private static double metric(HubNode hub, String prefix) {
        try {
            var response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(hub.metrics()).build(), HttpResponse.BodyHandlers.ofString());
            return response.body()
                    .lines()
                    .filter(l -> l.startsWith(prefix))
                    .mapToDouble(
                            l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                    .findFirst()
                    .orElse(0);
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<MetricDef> metrics() {
        var list = new ArrayList<MetricDef>();
        for (int k = 0; k < TAGS; k++) {
            list.add(new MetricDef("t" + k, "bar"));
        }
        return list;
    }
}
