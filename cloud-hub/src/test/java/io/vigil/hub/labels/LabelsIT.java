package io.vigil.hub.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugCodec;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Labels over real HTTP against a hub with its embedded PostgreSQL, on events a real MQTT agent raised. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LabelsIT {
    @RegisterExtension
    static final LoopbackHub hub = new LoopbackHub();

    static final HttpClient http = HttpClient.newHttpClient();
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
    static TestAgent agent;
    static long firstEvent;
    static long secondEvent;

    @BeforeAll
    static void agentRaisesTwoAnomaliesOnEachOfTwoPumps() throws Exception {
        agent = TestAgent.connect(hub.mqttUri(), "edge-l");
        agent.nodeBirth(1);
        for (String pump : List.of("pump-a", "pump-b")) {
            agent.deviceBirth(
                    pump,
                    List.of(
                            new MetricDef("flow", "l/min"),
                            new MetricDef(SparkplugCodec.SCORE_PREFIX + "pump-ae", ""),
                            new MetricDef(SparkplugCodec.ANOMALY_EVENT, "")),
                    Map.of("protocol", "modbus-tcp", "device", pump));
            agent.publishData(
                    pump,
                    new AssetData(
                            List.of(Sample.good("flow", T0, 1)),
                            List.of(new Score("pump-ae", T0.plusSeconds(60), 1.7)),
                            List.of(
                                    new AnomalyEvent("pump-ae@1.0.0", T0.plusSeconds(60), 1.7, 0.9),
                                    new AnomalyEvent("pump-ae@1.0.0", T0.plusSeconds(240), 2.5, 0.9))));
        }
        Await.until(
                "four anomaly events stored",
                Duration.ofSeconds(30),
                () -> events("").size() == 4);
        var onA = events("&asset=pump-a");
        firstEvent = onA.getJsonObject(0).getLong("id");
        secondEvent = onA.getJsonObject(1).getLong("id");
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    static JsonArray events(String query) throws Exception {
        return new JsonArray(get("/api/v1/events?type=anomaly" + query).body());
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(hub.httpUri().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(hub.httpUri().resolve("/api/v1/labels"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(long id) throws Exception {
        return http.send(
                HttpRequest.newBuilder(hub.httpUri().resolve("/api/v1/labels/" + id))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject created(String body) throws Exception {
        var r = post(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        var label = new JsonObject(r.body());
        assertThat(r.headers().firstValue("location")).contains("/api/v1/labels/" + label.getLong("id"));
        return label;
    }

    @Test
    void aLabelOfAnEventTakesItsAssetAndTimeAndShowsWithThatEventOnly() throws Exception {
        var label =
                created("{\"event\":" + firstEvent + ",\"kind\":\"false_alarm\",\"note\":\"valve test, \\\"ok\\\"\"}");
        try {
            assertThat(label.getString("asset")).isEqualTo("pump-a");
            assertThat(label.getString("from")).isEqualTo(T0.plusSeconds(60).toString());
            assertThat(label.getString("to")).isEqualTo(T0.plusSeconds(60).toString());
            assertThat(label.getString("kind")).isEqualTo("false_alarm");
            assertThat(label.getLong("event")).isEqualTo(firstEvent);
            assertThat(label.getString("by")).isEqualTo("anonymous");
            assertThat(Instant.parse(label.getString("at")))
                    .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));

            var onA = events("&asset=pump-a");
            assertThat(onA.getJsonObject(0)
                            .getJsonArray("labels")
                            .getJsonObject(0)
                            .getLong("id"))
                    .isEqualTo(label.getLong("id"));
            assertThat(onA.getJsonObject(1).getJsonArray("labels")).isEmpty();
            assertThat(events("&asset=pump-b").stream()
                            .map(e -> ((JsonObject) e).getJsonArray("labels").size())
                            .toList())
                    .containsExactly(0, 0);
        } finally {
            delete(label.getLong("id"));
        }
    }

    @Test
    void aRangeLabelShowsWithEveryEventOfItsAssetInsideIt() throws Exception {
        var label = created("{\"asset\":\"pump-b\",\"from\":\"" + T0.plusSeconds(200) + "\",\"to\":\""
                + T0.plusSeconds(300) + "\",\"kind\":\"fault\"}");
        try {
            var onB = events("&asset=pump-b");
            assertThat(onB.getJsonObject(0).getJsonArray("labels")).isEmpty();
            assertThat(onB.getJsonObject(1)
                            .getJsonArray("labels")
                            .getJsonObject(0)
                            .getString("kind"))
                    .isEqualTo("fault");
            // unfiltered, the pump-a event at the same time stays unlabelled
            var all = events("");
            long labelled = all.stream()
                    .filter(e -> !((JsonObject) e).getJsonArray("labels").isEmpty())
                    .count();
            assertThat(labelled).isEqualTo(1);
        } finally {
            delete(label.getLong("id"));
        }
    }

    @Test
    void labelsAreFilteredByAssetTimeAndKindAndExportedAsCsv() throws Exception {
        var maintenance = created("{\"asset\":\"pump-a\",\"from\":\"" + T0 + "\",\"to\":\"" + T0.plusSeconds(30)
                + "\",\"kind\":\"maintenance\",\"note\":\"seal, replaced\"}");
        var normal = created("{\"asset\":\"pump-a\",\"from\":\"" + T0.plusSeconds(600) + "\",\"to\":\""
                + T0.plusSeconds(900) + "\",\"kind\":\"normal\"}");
        var other = created("{\"asset\":\"pump-b\",\"from\":\"" + T0 + "\",\"to\":\"" + T0.plusSeconds(900)
                + "\",\"kind\":\"fault\"}");
        try {
            assertThat(ids(get("/api/v1/labels?asset=pump-a").body()))
                    .containsExactly(maintenance.getLong("id"), normal.getLong("id"));
            assertThat(ids(get("/api/v1/labels?asset=pump-a&from=" + T0.plusSeconds(30) + "&to=" + T0.plusSeconds(600))
                            .body()))
                    .as("a range ending exactly at from is in, one starting exactly at to is out")
                    .containsExactly(maintenance.getLong("id"));
            assertThat(ids(get("/api/v1/labels?kind=fault").body())).containsExactly(other.getLong("id"));

            var csv = get("/api/v1/labels.csv?asset=pump-a&kind=maintenance");
            assertThat(csv.headers().firstValue("content-type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(csv.body().split("\n"))
                    .containsExactly(
                            LabelCsv.HEADER,
                            maintenance.getLong("id") + ",pump-a," + T0 + "," + T0.plusSeconds(30)
                                    + ",maintenance,,\"seal, replaced\",anonymous," + maintenance.getString("at"));
        } finally {
            for (var l : List.of(maintenance, normal, other)) {
                delete(l.getLong("id"));
            }
        }
    }

    @Test
    void aDeletedLabelIsGoneAndASecondDeleteIs404() throws Exception {
        long id = created("{\"event\":" + secondEvent + ",\"kind\":\"fault\"}").getLong("id");
        assertThat(get("/api/v1/labels/" + id).statusCode()).isEqualTo(200);

        assertThat(delete(id).statusCode()).isEqualTo(204);

        var again = delete(id);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(again.body()).getString("code")).isEqualTo("label.notfound");
        assertThat(get("/api/v1/labels/" + id).statusCode()).isEqualTo(404);
        assertThat(events("&asset=pump-a").getJsonObject(1).getJsonArray("labels"))
                .isEmpty();
    }

    @Test
    void badLabelsAreRefusedNamingTheFieldAndTheValue() throws Exception {
        assertRefused(
                post("{\"asset\":\"pump-a\",\"from\":\"" + T0 + "\",\"to\":\"" + T0 + "\",\"kind\":\"broken\"}"),
                400,
                "param.invalid",
                "kind 'broken'");
        assertRefused(
                post("{\"asset\":\"pump-a\",\"from\":\"yesterday\",\"to\":\"" + T0 + "\",\"kind\":\"fault\"}"),
                400,
                "param.invalid",
                "from 'yesterday'");
        assertRefused(
                post("{\"asset\":\"pump-a\",\"from\":\"" + T0.plusSeconds(1) + "\",\"to\":\"" + T0
                        + "\",\"kind\":\"fault\"}"),
                400,
                "param.invalid",
                "is before from");
        assertRefused(
                post("{\"asset\":\"pump-a\",\"kind\":\"fault\"}"), 400, "param.invalid", "asset with from and to");
        assertRefused(post("{\"event\":999999,\"kind\":\"fault\"}"), 404, "label.event.notfound", "event 999999");
        assertRefused(
                post("{\"event\":" + firstEvent + ",\"asset\":\"pump-b\",\"kind\":\"fault\"}"),
                400,
                "param.invalid",
                "asset 'pump-b'");
        assertRefused(get("/api/v1/labels?kind=oops"), 400, "param.invalid", "kind 'oops'");
        assertRefused(get("/api/v1/labels/abc"), 400, "param.invalid", "id 'abc'");
        assertThat(new JsonArray(get("/api/v1/labels").body())).isEmpty();
    }

    static void assertRefused(HttpResponse<String> r, int status, String code, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        var body = new JsonObject(r.body());
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("message")).contains(message);
    }

    static List<Long> ids(String body) {
        return new JsonArray(body)
                .stream().map(l -> ((JsonObject) l).getLong("id")).toList();
    }
}
