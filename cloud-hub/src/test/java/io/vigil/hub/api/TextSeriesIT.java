package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.sample.ValueType;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.testing.Await;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A string tag end to end on the hub: String metrics encoded by the edge's codec, published over real MQTT, stored in
 * {@code samples_text}, read back through the series API, the CSV export and the latest values.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextSeriesIT {
    @TempDir
    static Path dataDir;

    static Hub hub;
    static TestAgent agent;
    static final HttpClient http = HttpClient.newHttpClient();
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);
    /** The rows of the data published at start (another test adds some 30 s later). */
    static final String FIRST = " WHERE ts < '" + T0.plusSeconds(20) + "'";

    @BeforeAll
    static void startHubAndFeedIt() throws Exception {
        hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.empty()));
        agent = TestAgent.connect(hub.mqttUri(), "edge-1");
        agent.nodeBirth(1);
        agent.deviceBirth(
                "pump-7",
                List.of(new MetricDef("flow", "l/min"), new MetricDef("state", "", ValueType.STRING)),
                Map.of("protocol", "modbus-tcp", "device", "plc-7"));
        agent.publishData(
                "pump-7",
                new AssetData(
                        List.of(
                                Sample.good("flow", T0, 1.5),
                                Sample.text("state", T0, "IDLE", Quality.GOOD),
                                Sample.text("state", T0.plusSeconds(1), "RUNNING", Quality.GOOD),
                                Sample.badText("state", T0.plusSeconds(2)),
                                Sample.text("state", T0.plusSeconds(10), "STOP, \"manual\"", Quality.UNCERTAIN)),
                        List.of(),
                        List.of()));
        await(() -> Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples_text") == 4);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void textSamplesAreStoredOnceInTheirOwnTableAndTheSeriesSaysString() throws Exception {
        assertThat(Db.string(
                        hub.jdbcUrl(), "SELECT data_type || '/' || source_protocol FROM series WHERE tag = 'state'"))
                .isEqualTo("string/modbus-tcp");
        assertThat(Db.string(hub.jdbcUrl(), "SELECT data_type FROM series WHERE tag = 'flow'"))
                .isEqualTo("double");
        assertThat(Db.string(
                        hub.jdbcUrl(),
                        "SELECT string_agg(coalesce(value, '<null>'), '|' ORDER BY ts) FROM samples_text" + FIRST))
                .isEqualTo("IDLE|RUNNING|<null>|STOP, \"manual\"");
        assertThat(Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples" + FIRST))
                .isEqualTo(1);

        // a redelivery adds nothing
        agent.publishData(
                "pump-7", new AssetData(List.of(Sample.text("state", T0, "IDLE", Quality.GOOD)), List.of(), List.of()));
        agent.publishData(
                "pump-7", new AssetData(List.of(Sample.good("flow", T0.plusSeconds(1), 2)), List.of(), List.of()));
        await(() -> Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples" + FIRST) == 2);
        assertThat(Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples_text" + FIRST))
                .isEqualTo(4);
    }

    @Test
    void seriesApiReturnsTheLastTextPerBucketAndRefusesNumericAggregates() throws Exception {
        String range =
                "&from=" + enc(T0.toString()) + "&to=" + enc(T0.plusSeconds(20).toString());
        var body = new JsonObject(
                get("/api/v1/series?tag=pump-7/state&step=5s" + range).body());

        assertThat(body.getString("dataType")).isEqualTo("string");
        assertThat(body.getJsonArray("points").encode())
                .isEqualTo("[{\"t\":\"" + T0 + "\",\"text\":\"RUNNING\",\"n\":2},{\"t\":\"" + T0.plusSeconds(10)
                        + "\",\"text\":\"STOP, \\\"manual\\\"\",\"n\":1}]");
        assertThat(new JsonObject(get("/api/v1/series?tag=pump-7/state&step=5s&agg=last" + range)
                                .body())
                        .getJsonArray("points")
                        .size())
                .isEqualTo(2);
        var refused = get("/api/v1/series?tag=pump-7/state&agg=avg" + range);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("series.textagg");
        assertThat(new JsonObject(get("/api/v1/series?tag=pump-7/flow" + range).body()).getString("dataType"))
                .isEqualTo("double");
    }

    @Test
    void csvExportQuotesTheText() throws Exception {
        String range =
                "&from=" + enc(T0.toString()) + "&to=" + enc(T0.plusSeconds(20).toString());
        var csv = get("/api/v1/series.csv?tag=pump-7/state&step=5s" + range).body();

        assertThat(csv)
                .isEqualTo("time,text,n\n" + T0 + ",\"RUNNING\",2\n" + T0.plusSeconds(10)
                        + ",\"STOP, \"\"manual\"\"\",1\n");
    }

    @Test
    void latestValuesCarryTheTextInMemoryAndFromTheDatabase() throws Exception {
        var tags = new JsonArray(get("/api/v1/assets").body()).getJsonObject(0).getJsonArray("tags");
        var state = tags.stream()
                .map(JsonObject.class::cast)
                .filter(t -> t.getString("id").equals("state"))
                .findFirst()
                .orElseThrow();

        assertThat(state.getString("dataType")).isEqualTo("string");
        assertThat(state.getString("text")).isEqualTo("STOP, \"manual\"");
        assertThat(state.getString("quality")).isEqualTo("UNCERTAIN");
        assertThat(state.getValue("value")).isNull();

        var ds = new PGSimpleDataSource();
        ds.setURL(hub.jdbcUrl());
        try (var pool = new ConnectionPool(ds, 1, "test")) {
            var seeded = new HubQueries(pool)
                    .latestSnapshot().tags().stream()
                            .filter(t -> t.tag().id().equals("state"))
                            .findFirst()
                            .orElseThrow()
                            .tag();
            assertThat(seeded.text()).isEqualTo("STOP, \"manual\"");
            assertThat(seeded.type()).isEqualTo(ValueType.STRING);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // its samples would be the latest values of the other tests
    void anOversizedOrNulTextMetricIsDroppedAndCountedWhileItsNeighboursAreStored() throws Exception {
        Instant t = T0.plusSeconds(30);
        var payload = Payload.newBuilder()
                .setTimestamp(t.toEpochMilli())
                .setSeq(agent.nextSeq())
                .addMetrics(textMetric("state", "x".repeat(Sample.MAX_TEXT + 1), t))
                .addMetrics(textMetric("state", "a\u0000b", t.plusMillis(1)))
                .addMetrics(textMetric("state", "OK", t.plusMillis(2)))
                .addMetrics(Payload.Metric.newBuilder()
                        .setName("flow")
                        .setTimestamp(t.toEpochMilli())
                        .setDatatype(DataType.Double_VALUE)
                        .setDoubleValue(7.0));
        agent.publish(agent.topic(MessageType.DDATA, "pump-7"), payload.build().toByteArray());

        await(() -> Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples_text WHERE value = 'OK'") == 1);
        assertThat(Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples WHERE value = 7"))
                .isEqualTo(1);
        assertThat(get("/metrics").body()).contains("vigil_ingest_metrics_rejected_total 2.0");
    }

    private static Payload.Metric textMetric(String name, String value, Instant t) {
        return Payload.Metric.newBuilder()
                .setName(name)
                .setTimestamp(t.toEpochMilli())
                .setDatatype(DataType.String_VALUE)
                .setStringValue(value)
                .build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(hub.httpUri().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        assertThat(Await.within(Duration.ofSeconds(20), condition)).isTrue();
    }
}
