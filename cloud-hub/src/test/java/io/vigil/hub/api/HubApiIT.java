package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP against a hub fed by a real MQTT agent with known data. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HubApiIT {
    @TempDir
    static Path dataDir;

    static Hub hub;
    static TestAgent agent;
    static final HttpClient http = HttpClient.newHttpClient();
    /** Ten seconds of flow samples, one every 100 ms, starting on a whole minute two minutes ago. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);

    @BeforeAll
    static void startHubAndFeedIt() throws Exception {
        hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.empty()));
        agent = TestAgent.connect(hub.mqttUri(), "edge-1");
        agent.nodeBirth(1);
        agent.deviceBirth(
                "pump-1",
                List.of(
                        new MetricDef("flow", "l/min"),
                        new MetricDef(SparkplugCodec.SCORE_PREFIX + "pump-ae", ""),
                        new MetricDef(SparkplugCodec.ANOMALY_EVENT, "")),
                Map.of("protocol", "modbus-tcp", "device", "pump-modbus"));
        var samples = new ArrayList<Sample>();
        for (int i = 0; i < 100; i++) {
            samples.add(Sample.good("flow", T0.plusMillis(100L * i), i));
        }
        var events = List.of(
                new AnomalyEvent("pump-ae@1.0.0", T0.plusSeconds(2), 1.7, 0.9),
                new AnomalyEvent("pump-ae@1.0.0", T0.plusSeconds(8), 2.5, 0.9));
        var scores =
                List.of(new Score("pump-ae", T0.plusSeconds(2), 1.7), new Score("pump-ae", T0.plusSeconds(8), 2.5));
        agent.publishData("pump-1", new AssetData(samples, scores, events));
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

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(hub.httpUri().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOkWithTheAgentAndItsAssetOnline() throws Exception {
        var health = new JsonObject(get("/api/v1/health").body());

        assertThat(health.getString("status")).isEqualTo("ok");
        assertThat(health.getJsonObject("db").getString("status")).isEqualTo("ok");
        assertThat(health.getJsonObject("mqtt").getInteger("clients")).isGreaterThanOrEqualTo(1);
        var edge = health.getJsonArray("agents").getJsonObject(0);
        assertThat(edge.getString("id")).isEqualTo("edge-1");
        assertThat(edge.getString("status")).isEqualTo("online");
        assertThat(edge.getJsonArray("assets").getJsonObject(0).encode())
                .isEqualTo("{\"id\":\"pump-1\",\"status\":\"online\"}");
    }

    @Test
    void assetsListProtocolAndLatestValues() throws Exception {
        var assets = new JsonArray(get("/api/v1/assets").body());

        var pump = assets.getJsonObject(0);
        assertThat(pump.getString("id")).isEqualTo("pump-1");
        assertThat(pump.getString("agent")).isEqualTo("edge-1");
        assertThat(pump.getString("protocol")).isEqualTo("modbus-tcp");
        assertThat(pump.getString("device")).isEqualTo("pump-modbus");
        assertThat(pump.getString("status")).isEqualTo("online");
        var flow = pump.getJsonArray("tags").getJsonObject(0);
        assertThat(flow.getString("id")).isEqualTo("flow");
        assertThat(flow.getString("unit")).isEqualTo("l/min");
        assertThat(flow.getDouble("value")).isEqualTo(99.0);
        assertThat(flow.getString("time")).isEqualTo(T0.plusMillis(9900).toString());
        assertThat(flow.getString("quality")).isEqualTo("GOOD");
        var score = pump.getJsonArray("scores").getJsonObject(0);
        assertThat(score.getString("model")).isEqualTo("pump-ae");
        assertThat(score.getDouble("value")).isEqualTo(2.5);
    }

    @Test
    void seriesIsDownsampledInSqlWithAvgMinMax() throws Exception {
        var body = new JsonObject(
                get("/api/v1/series?tag=pump-1/flow&from=" + T0 + "&to=" + T0.plusSeconds(10) + "&step=1s")
                        .body());

        assertThat(body.getString("tag")).isEqualTo("pump-1/flow");
        assertThat(body.getString("unit")).isEqualTo("l/min");
        assertThat(body.getString("step")).isEqualTo("PT1S");
        var points = body.getJsonArray("points");
        assertThat(points).hasSize(10);
        var first = points.getJsonObject(0);
        assertThat(first.getString("t")).isEqualTo(T0.toString());
        assertThat(first.getDouble("avg")).isEqualTo(4.5);
        assertThat(first.getDouble("min")).isEqualTo(0.0);
        assertThat(first.getDouble("max")).isEqualTo(9.0);
        assertThat(first.getLong("n")).isEqualTo(10);
        assertThat(points.getJsonObject(9).getDouble("max")).isEqualTo(99.0);
    }

    @Test
    void aggReturnsOneChosenValuePerBucketAndRefusesAnUnknownOne() throws Exception {
        String range = "&from=" + T0 + "&to=" + T0.plusSeconds(10) + "&step=1s";
        var max = new JsonObject(
                get("/api/v1/series?tag=pump-1/flow&agg=max" + range).body());
        var min = new JsonObject(
                get("/api/v1/series?tag=pump-1/flow&agg=min" + range).body());

        assertThat(max.getString("agg")).isEqualTo("max");
        var first = max.getJsonArray("points").getJsonObject(0);
        assertThat(first.fieldNames()).containsExactlyInAnyOrder("t", "v", "n");
        assertThat(first.getDouble("v")).isEqualTo(9.0);
        assertThat(first.getLong("n")).isEqualTo(10);
        assertThat(min.getJsonArray("points").getJsonObject(0).getDouble("v")).isEqualTo(0.0);

        var bad = get("/api/v1/series?tag=pump-1/flow&agg=median");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("message")).contains("agg 'median'", "avg, min, max, last");
    }

    @Test
    void seriesChoosesAStepForAtMostAThousandPointsAndServesScores() throws Exception {
        var body = new JsonObject(
                get("/api/v1/series?tag=pump-1/score:pump-ae&from=" + T0 + "&to=" + T0.plus(2, ChronoUnit.HOURS))
                        .body());

        assertThat(body.getString("step")).isEqualTo("PT10S");
        assertThat(body.getJsonArray("points")).hasSize(1);
        assertThat(body.getJsonArray("points").getJsonObject(0).getDouble("max"))
                .isEqualTo(2.5);
    }

    @Test
    void unknownSeriesIs404WithACode() throws Exception {
        var response = get("/api/v1/series?tag=pump-1/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        var error = new JsonObject(response.body());
        assertThat(error.getString("code")).isEqualTo("series.notfound");
        assertThat(error.getInteger("status")).isEqualTo(404);
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        for (var query : List.of(
                "tag=pump-1/flow&from=yesterday",
                "tag=pump-1/flow&to=12:00",
                "tag=pump-1/flow&step=soon",
                "tag=pump-1/flow&step=1ms",
                "tag=flow",
                "")) {
            var response = get("/api/v1/series?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            var error = new JsonObject(response.body());
            assertThat(error.getString("code")).isEqualTo("param.invalid");
            assertThat(error.getString("message")).containsAnyOf("from", "to", "step", "tag");
        }
        assertThat(get("/api/v1/events?from=never").statusCode()).isEqualTo(400);
    }

    @Test
    void eventsFilterByTypeAndTimeNewestLast() throws Exception {
        var all = new JsonArray(get("/api/v1/events?type=anomaly&asset=pump-1").body());
        var late =
                new JsonArray(get("/api/v1/events?type=anomaly&from=" + T0.plusSeconds(5) + "&to=" + T0.plusSeconds(60))
                        .body());
        var none = new JsonArray(get("/api/v1/events?type=maintenance").body());

        assertThat(all).hasSize(2);
        assertThat(all.getJsonObject(0).getString("time"))
                .isEqualTo(T0.plusSeconds(2).toString());
        assertThat(all.getJsonObject(1).getDouble("score")).isEqualTo(2.5);
        var event = all.getJsonObject(1);
        assertThat(event.getString("type")).isEqualTo("anomaly");
        assertThat(event.getString("asset")).isEqualTo("pump-1");
        assertThat(event.getString("model")).isEqualTo("pump-ae@1.0.0");
        assertThat(event.getDouble("threshold")).isEqualTo(0.9);
        assertThat(event.getLong("id")).isPositive();
        assertThat(late).hasSize(1);
        assertThat(late.getJsonObject(0).getDouble("score")).isEqualTo(2.5);
        assertThat(none).isEmpty();
    }

    @Test
    void metricsExposeTheIngestCounters() throws Exception {
        var response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "vigil_ingest_messages_total",
                        "vigil_ingest_rejected_total{reason=\"malformed\"}",
                        "vigil_samples_committed_total 100.0",
                        "vigil_commit_seconds_count",
                        "vigil_ingest_queue_depth",
                        "vigil_mqtt_clients 1.0",
                        "vigil_store_partitions{table=\"samples\"} 3.0", // today and 2 ahead
                        "vigil_store_oldest_partition_start_seconds{table=\"scores\"}");
    }

    @Test
    void servesWebJarsAndUnknownApiRoutesAsJson404() throws Exception {
        assertThat(get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").statusCode())
                .isEqualTo(200);
        var response = get("/api/v1/nothing");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("route.notfound");
    }
}
