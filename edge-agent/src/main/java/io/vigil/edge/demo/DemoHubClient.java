package io.vigil.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.json.Json;
import io.vigil.model.pkg.PackageArchive;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the demo asks of its hub over the REST API: to register the model, and which anomalies it stored. */
final class DemoHubClient {
    private static final Logger LOG = LoggerFactory.getLogger(DemoHubClient.class);

    private final RunningHub hub;

    DemoHubClient(RunningHub hub) {
        this.hub = hub;
    }

    /**
     * Puts the demo's model into the hub's registry as the promoted version, so a candidate pushed later has a version
     * to be compared with and rolled back to. A failure costs only that: the demo runs on.
     */
    void registerModel(Path modelDir) {
        try {
            var http = HttpClient.newHttpClient();
            var upload = http.send(
                    HttpRequest.newBuilder(hub.httpUri().resolve("api/v1/models"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/zip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(PackageArchive.pack(modelDir)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var promote = http.send(
                    HttpRequest.newBuilder(hub.httpUri().resolve("api/v1/models/pump-ae/versions/1.0.0/promote"))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() / 100 != 2 || promote.statusCode() != 200) {
                LOG.warn(
                        "registering the demo model in the hub: {} {} / {}",
                        upload.statusCode(),
                        upload.body(),
                        promote.body());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("registering the demo model in the hub failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the hub's anomaly events happened, from a minute before {@code since} on. */
    List<Instant> anomalyTimes(Instant since) throws IOException, InterruptedException {
        URI uri = hub.httpUri()
                .resolve("api/v1/events?type=anomaly&from="
                        + URLEncoder.encode(since.minusSeconds(60).toString(), StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        var times = new ArrayList<Instant>();
        for (JsonNode e : Json.mapper().readTree(response.body())) {
            times.add(Instant.parse(e.get("time").asText()));
        }
        return times;
    }
}
