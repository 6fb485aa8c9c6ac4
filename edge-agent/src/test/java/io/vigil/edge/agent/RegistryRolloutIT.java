package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.config.ModelConfig;
import io.vigil.edge.config.RegistryConfig;
import io.vigil.edge.rollout.RolloutPolicy;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import io.vigil.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry end to end: a real hub (embedded PostgreSQL), the plant simulator and an agent following the hub's
 * registry. A candidate pushed over REST goes shadow → canary → promoted as the hub orders, the agent reports each
 * decision with its figures, and windows keep being scored throughout; a corrupt package is refused by the hub with
 * the field named while the serving version keeps scoring.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RegistryRolloutIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    RunningHub hub;

    @Test
    void aPushedCandidateGoesShadowCanaryPromotedAsTheHubOrdersWithoutADroppedWindow() throws Exception {
        ModelManifest v1 = PumpTraining.train(dir.resolve("models/pump-ae"), 10, 5);
        byte[] candidate = repackaged(dir.resolve("models/pump-ae"), "1.1.0");
        byte[] corrupt = corrupted(dir.resolve("models/pump-ae"), "1.2.0");
        byte[] misfit = withStride(dir.resolve("models/pump-ae"), "1.3.0", 2);
        try (var plant = PlantSimulator.start(
                        SimulatorSettings.ephemeral(1).withTick(Duration.ofMillis(100)), Clock.systemUTC());
                var h = HubLauncher.find()
                        .start(new HubSettings("127.0.0.1", 0, 0, dir.resolve("hub"), Optional.empty()))) {
            hub = h;
            // the policy alone would wait 10 minutes per stage: every move here is the hub's order
            var policy = new RolloutPolicy(0.5, 1, Duration.ofMinutes(10), 0.995, 0.005, 1.05);
            var config = new AgentConfig(
                    new AgentIdentity("edge-reg", "plant"),
                    new HubConfig(h.mqttUri(), Duration.ofMillis(250), 1_000_000),
                    List.of(plant.modbusDevice(1, Duration.ofMillis(100))),
                    List.of(new ModelConfig(Path.of("models/pump-ae"), List.of("pump1"), v1)),
                    Optional.of(new RegistryConfig(
                            h.httpUri(),
                            Optional.empty(),
                            Optional.empty(),
                            Duration.ofMillis(200),
                            dir.resolve("registry-models"))),
                    policy);
            try (var agent = Agent.start(config, dir, Clock.systemUTC())) {
                Await.until(
                        "two windows scored",
                        Duration.ofSeconds(30),
                        () -> agent.stats().windowsScored() >= 2);

                var upload = post("api/v1/models", candidate);
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
                assertThat(post("api/v1/models/pump-ae/versions/1.1.0/shadow", null)
                                .statusCode())
                        .isEqualTo(200);
                Await.until("pump-ae 1.1.0 as the candidate", Duration.ofSeconds(20), () -> agent.candidateVersion(
                                "pump-ae")
                        .equals(Optional.of("1.1.0")));

                assertThat(post("api/v1/models/pump-ae/versions/1.1.0/canary", null)
                                .statusCode())
                        .isEqualTo(200);
                Await.until("the SHADOW->CANARY decision", Duration.ofSeconds(20), () -> decisions()
                        .contains("SHADOW->CANARY"));

                assertThat(post("api/v1/models/pump-ae/versions/1.1.0/promote", null)
                                .statusCode())
                        .isEqualTo(200);
                Await.until("pump-ae 1.1.0 serving", Duration.ofSeconds(20), () -> agent.servingVersion("pump-ae")
                        .equals("1.1.0"));
                Await.until("the CANARY->PROMOTED decision", Duration.ofSeconds(20), () -> decisions()
                        .contains("CANARY->PROMOTED"));
                long scoredAtPromotion = agent.stats().windowsScored();
                Await.until(
                        "three more windows scored after the promotion",
                        Duration.ofSeconds(20),
                        () -> agent.stats().windowsScored() >= scoredAtPromotion + 3);

                var refused = post("api/v1/models", corrupt);
                long scoredAtRefusal = agent.stats().windowsScored();
                Await.until(
                        "three more windows scored after the refusal",
                        Duration.ofSeconds(20),
                        () -> agent.stats().windowsScored() >= scoredAtRefusal + 3);

                assertThat(refused.statusCode()).isEqualTo(422);
                JsonNode error = Json.mapper().readTree(refused.body());
                assertThat(error.path("code").asText()).isEqualTo("model.sha256.mismatch");
                assertThat(error.path("message").asText()).contains("sha256", "0".repeat(64));
                assertThat(agent.servingVersion("pump-ae")).isEqualTo("1.1.0");
                JsonNode d = Json.mapper().readTree(get("api/v1/models/pump-ae/decisions"));
                assertThat(d.get(0).path("agent").asText()).isEqualTo("edge-reg");
                assertThat(d.get(0).path("figures").path("windows").asLong()).isPositive();
                assertThat(get("api/v1/events?type=model_decision")).contains("pump-ae@1.1.0");
                assertThat(stageOf("1.1.0")).isEqualTo("promoted");

                // a package the hub can check but this agent cannot run (another stride): refused at the edge
                assertThat(post("api/v1/models", misfit).statusCode()).isEqualTo(201);
                post("api/v1/models/pump-ae/versions/1.3.0/shadow", null);
                Await.until("1.3.0 rolled back", Duration.ofSeconds(20), () -> stageOf("1.3.0")
                        .equals("rolled_back"));
                long scoredAtMisfit = agent.stats().windowsScored();
                Await.until(
                        "three more windows scored after the misfit",
                        Duration.ofSeconds(20),
                        () -> agent.stats().windowsScored() >= scoredAtMisfit + 3);

                assertThat(get("api/v1/events?type=model_rejected")).contains("pump-ae@1.3.0", "stride is 2");

                // once rolled back it is no longer assigned: assigned again, the agent tries it again (not only after
                // a restart) and refuses it again
                assertThat(post("api/v1/models/pump-ae/versions/1.3.0/shadow", null)
                                .statusCode())
                        .isEqualTo(200);
                Await.until(
                        "two rejections of pump-ae@1.3.0",
                        Duration.ofSeconds(20),
                        () -> rejections("pump-ae@1.3.0") >= 2);
                assertThat(agent.servingVersion("pump-ae")).isEqualTo("1.1.0");
                assertThat(agent.candidateVersion("pump-ae")).isEmpty();
                assertThat(agent.stats().dropped()).isZero();
            }
        }
    }

    /** The serving package again under another version (same graph: the candidate agrees with it fully). */
    private static byte[] repackaged(Path pkg, String version) throws Exception {
        return withStride(pkg, version, ModelPackage.read(pkg).manifest().stride());
    }

    /**
     * The serving package under another version with {@code stride}; another stride gives a valid package that does
     * not fit.
     */
    private static byte[] withStride(Path pkg, String version, int stride) throws Exception {
        ModelPackage p = ModelPackage.read(pkg);
        ModelManifest m = p.manifest();
        var next = new ModelManifest(
                m.id(),
                version,
                m.kind(),
                m.inputTags(),
                m.windowLength(),
                stride,
                m.scaler(),
                m.threshold(),
                m.inputName(),
                m.outputName(),
                m.sha256(),
                m.training(),
                m.reference());
        return PackageArchive.pack(Json.mapper().writeValueAsBytes(next), Files.readAllBytes(p.onnxFile()));
    }

    /** A package whose manifest names another graph's sha256. */
    private static byte[] corrupted(Path pkg, String version) throws Exception {
        var files = PackageArchive.unpack(repackaged(pkg, version), Long.MAX_VALUE);
        ModelManifest m = Json.mapper().readValue(files.manifest(), ModelManifest.class);
        return PackageArchive.pack(Json.mapper().writeValueAsBytes(m.withSha256("0".repeat(64))), files.onnx());
    }

    private String decisions() throws Exception {
        var list = new ArrayList<String>();
        for (JsonNode d : Json.mapper().readTree(get("api/v1/models/pump-ae/decisions"))) {
            list.add(d.path("from").asText() + "->" + d.path("to").asText());
        }
        return list.toString();
    }

    private String stageOf(String version) throws Exception {
        for (JsonNode v : Json.mapper().readTree(get("api/v1/models/pump-ae")).path("versions")) {
            if (v.path("version").asText().equals(version)) {
                return v.path("stage").asText();
            }
        }
        return "";
    }

    private long rejections(String ref) throws Exception {
        long n = 0;
        for (JsonNode e : Json.mapper().readTree(get("api/v1/events?type=model_rejected"))) {
            n += ref.equals(e.path("model").asText()) ? 1 : 0;
        }
        return n;
    }

    private URI uri(String path) {
        return hub.httpUri().resolve(path);
    }

    private String get(String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(uri(path))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        var b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/zip");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
