package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.LoopbackHub;
import io.vigil.hub.TestAgent;
import io.vigil.testing.Await;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real agents (Vert.x MQTT clients) publishing Sparkplug B at QoS 1 to a hub on loopback with embedded PostgreSQL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HubIngestIT {
    @RegisterExtension
    static final LoopbackHub hub = new LoopbackHub();

    static String db;

    @BeforeAll
    static void readDatabaseUrl() {
        db = hub.jdbcUrl();
    }

    private static List<MetricDef> pumpMetrics() {
        return List.of(
                new MetricDef("flow", "l/min"),
                new MetricDef("temp", "degC"),
                new MetricDef(SparkplugCodec.SCORE_PREFIX + "pump-ae", ""),
                new MetricDef(SparkplugCodec.ANOMALY_EVENT, ""));
    }

    private static TestAgent bornAgent(String agent, String asset) throws Exception {
        var a = TestAgent.connect(hub.mqttUri(), agent);
        a.nodeBirth(1);
        a.deviceBirth(asset, pumpMetrics(), Map.of("protocol", "modbus-tcp", "device", "plc-" + asset));
        return a;
    }

    private static long samples(String asset) {
        return Db.count(db, "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = ?", asset);
    }

    @Test
    void acknowledgesDataOnlyAfterItsRowsAreCommitted() throws Exception {
        try (var agent = bornAgent("edge-ack", "pump-ack")) {
            var seenAtAck = new AtomicLong(-1);
            agent.onAck(id -> seenAtAck.set(samples("pump-ack")));
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            var data = new AssetData(
                    List.of(Sample.good("flow", t, 31.9), Sample.good("temp", t, 45.5)),
                    List.of(new Score("pump-ae", t, 1.7)),
                    List.of(new AnomalyEvent("pump-ae@1.0.0", t, 1.7, 0.9)));

            agent.publishData("pump-ack", data);

            assertThat(seenAtAck.get())
                    .as("sample rows visible from another connection inside the PUBACK handler")
                    .isEqualTo(2);
            assertThat(Db.count(db, "SELECT count(*) FROM scores WHERE asset = 'pump-ack'"))
                    .isEqualTo(1);
            assertThat(Db.count(
                            db,
                            "SELECT count(*) FROM events WHERE asset = 'pump-ack' AND model = 'pump-ae@1.0.0'"
                                    + " AND score = 1.7 AND threshold = 0.9"))
                    .isEqualTo(1);
            assertThat(Db.count(
                            db,
                            "SELECT count(*) FROM assets WHERE id = 'pump-ack' AND protocol = 'modbus-tcp'"
                                    + " AND device = 'plc-pump-ack' AND status = 'online'"))
                    .isEqualTo(1);
            assertThat(Db.count(
                            db,
                            "SELECT count(*) FROM series WHERE asset = 'pump-ack' AND tag = 'flow'"
                                    + " AND unit = 'l/min'"))
                    .isEqualTo(1);
            assertThat(hub.totals().samples()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void storesARedeliveredMessageOnce() throws Exception {
        try (var agent = bornAgent("edge-dup", "pump-dup")) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            byte[] ddata = agent.deviceData(new AssetData(
                    List.of(Sample.good("flow", t, 1.0), Sample.good("flow", t.plusMillis(100), 2.0)),
                    List.of(new Score("pump-ae", t, 0.5)),
                    List.of(new AnomalyEvent("pump-ae@1.0.0", t, 1.2, 0.9))));

            agent.publish(agent.topic(MessageType.DDATA, "pump-dup"), ddata);
            agent.publish(agent.topic(MessageType.DDATA, "pump-dup"), ddata);

            assertThat(samples("pump-dup")).isEqualTo(2);
            assertThat(Db.count(db, "SELECT count(*) FROM scores WHERE asset = 'pump-dup'"))
                    .isEqualTo(1);
            assertThat(Db.count(db, "SELECT count(*) FROM events WHERE asset = 'pump-dup'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void rejectsAMalformedPayloadKeepsTheConnectionAndStoresTheNextMessage() throws Exception {
        try (var agent = bornAgent("edge-bad", "pump-bad")) {
            double before = rejected("malformed");

            agent.publish(agent.topic(MessageType.DDATA, "pump-bad"), new byte[] {0x0a, (byte) 0xff, 0x13, 0x37});

            assertThat(rejected("malformed")).isEqualTo(before + 1);
            assertThat(agent.connected()).isTrue();
            agent.publishData(
                    "pump-bad", new AssetData(List.of(Sample.good("flow", Instant.now(), 3.0)), List.of(), List.of()));
            assertThat(samples("pump-bad")).isEqualTo(1);
        }
    }

    @Test
    void rejectsAbsurdTimestampsAndUnknownTopics() throws Exception {
        try (var agent = bornAgent("edge-time", "pump-time")) {
            double timestamps = rejected("timestamp");
            double topics = rejected("topic");

            agent.publishData(
                    "pump-time",
                    new AssetData(
                            List.of(Sample.good("flow", Instant.parse("1990-01-01T00:00:00Z"), 3.0)),
                            List.of(),
                            List.of()));
            agent.publishData(
                    "pump-time",
                    new AssetData(
                            List.of(Sample.good("flow", Instant.now().plus(Duration.ofDays(3)), 3.0)),
                            List.of(),
                            List.of()));
            agent.publish("plant/line-1/flow", new byte[] {1, 2, 3});

            assertThat(rejected("timestamp")).isEqualTo(timestamps + 2);
            assertThat(rejected("topic")).isEqualTo(topics + 1);
            assertThat(samples("pump-time")).isZero();
            assertThat(agent.connected()).isTrue();
        }
    }

    @Test
    void requestsARebirthAfterASequenceGap() throws Exception {
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-gap")) {
            agent.subscribe("spBv1.0/" + TestAgent.GROUP + "/NCMD/edge-gap");
            agent.nodeBirth(7);
            agent.skipSeq(5);

            agent.deviceBirth("pump-gap", pumpMetrics(), Map.of());

            var command = agent.received().poll(10, TimeUnit.SECONDS);
            assertThat(command).isNotNull();
            assertThat(command.topicName()).isEqualTo("spBv1.0/vigil/NCMD/edge-gap");
            assertThat(SparkplugCodec.decode(command.payload().getBytes())
                            .data()
                            .isEmpty())
                    .isTrue();
            assertThat(scrape()).contains("vigil_ingest_seq_gaps_total");
        }
    }

    @Test
    void takesTheAgentAndItsAssetsOfflineWhenItsConnectionCloses() throws Exception {
        var agent = bornAgent("edge-gone", "pump-gone");
        assertThat(Db.count(db, "SELECT count(*) FROM assets WHERE id = 'pump-gone' AND status = 'online'"))
                .isEqualTo(1);

        agent.close();

        assertThat(Await.within(
                        Duration.ofSeconds(10),
                        () -> Db.count(db, "SELECT count(*) FROM assets WHERE id = 'pump-gone' AND status = 'offline'")
                                == 1))
                .isTrue();
        assertThat(Db.count(db, "SELECT count(*) FROM agents WHERE id = 'edge-gone' AND status = 'offline'"))
                .isEqualTo(1);
    }

    static String scrape() throws Exception {
        return scrapeOn(hub.hub());
    }

    static String scrapeOn(Hub hub) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    static double rejected(String reason) throws Exception {
        return rejectedOn(hub.hub(), reason);
    }

    static double rejectedOn(Hub hub, String reason) throws Exception {
        String prefix = "vigil_ingest_rejected_total{reason=\"" + reason + "\"}";
        return scrapeOn(hub)
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in /metrics"));
    }
}
