package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import java.net.URI;
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

/** {@code GET /api/v1/series.csv} and {@code /api/v1/openapi.json} on a hub with embedded PostgreSQL. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SeriesCsvIT {
    @TempDir
    static Path dataDir;

    static Hub hub;
    static final HttpClient http = HttpClient.newHttpClient();
    /** 600 flow samples, one a second, value = second; a bad one at second 7. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    @BeforeAll
    static void startHubAndFeedIt() throws Exception {
        hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.empty()));
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-csv")) {
            agent.nodeBirth(1);
            agent.deviceBirth("pump-csv", List.of(new MetricDef("flow", "l/min")), Map.of());
            var samples = new ArrayList<Sample>();
            for (int i = 0; i < 600; i++) {
                samples.add(i == 7 ? Sample.bad("flow", T0.plusSeconds(i)) : Sample.good("flow", T0.plusSeconds(i), i));
            }
            agent.publishData("pump-csv", new AssetData(samples, List.of(), List.of()));
        }
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void streamsOneRowPerBucketWithAHeader() throws Exception {
        var r = get("/api/v1/series.csv?tag=pump-csv/flow&from=" + T0 + "&to=" + T0.plusSeconds(600) + "&step=1m");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("content-length"))
                .as("streamed, length unknown up front")
                .isEmpty();
        List<String> lines = r.body().lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("time,avg,min,max,n");
        assertThat(lines.get(1)).isEqualTo(T0 + ",29.88135593220339,0.0,59.0,59");
        assertThat(lines.get(10)).isEqualTo(T0.plusSeconds(540) + ",569.5,540.0,599.0,60");
    }

    @Test
    void leavesValuesEmptyForABucketOfOnlyBadSamples() throws Exception {
        var r = get("/api/v1/series.csv?tag=pump-csv/flow&from=" + T0 + "&to=" + T0.plusSeconds(600) + "&step=1s");

        List<String> lines = r.body().lines().toList();
        assertThat(lines).hasSize(601);
        assertThat(lines.get(8)).isEqualTo(T0.plusSeconds(7) + ",,,,0");
    }

    @Test
    void answersErrorsAsJsonWithAStableCode() throws Exception {
        var missing = get("/api/v1/series.csv?tag=pump-csv/nothing");
        var badStep = get("/api/v1/series.csv?tag=pump-csv/flow&step=soon");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(missing.body()).getString("code")).isEqualTo("series.notfound");
        assertThat(badStep.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badStep.body()).getString("code")).isEqualTo("param.invalid");
    }

    @Test
    void servesTheOpenApiDocument() throws Exception {
        var r = get("/api/v1/openapi.json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("paths").fieldNames()).contains("/api/v1/series.csv");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        URI uri = hub.httpUri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
