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
import io.vigil.model.pkg.PackageArchive;
import io.vigil.testing.Await;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * A live federated round: a real hub (embedded PostgreSQL), the plant simulator with three pumps and three agents,
 * each scoring its own pump and following the hub's registry over HTTP. A round started over REST invites all three;
 * each trains on the windows its serving version scored normal and posts a signed update; the hub aggregates them,
 * registers the next version and puts it into shadow on its own, and every agent picks it up as its candidate. An
 * update naming the closed round is refused as {@code fl.update.late}; in a second round a fourth participant played
 * by the test sends an update signed with another key ({@code fl.update.signature}) and a ×100 delta
 * ({@code fl.update.norm_outlier}), and the round, short of its quorum of four, fails without a new version.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FederatedRoundIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int AGENTS = 3;

    @TempDir
    Path dir;

    RunningHub hub;

    @Test
    void aRoundAcrossThreeAgentsRegistersANewVersionThatEntersShadowOnItsOwn() throws Exception {
        ModelManifest v1 = PumpTraining.trainForPlant(dir.resolve("models/pump-ae"), 10, 5, AGENTS);
        try (var plant = PlantSimulator.start(
                        SimulatorSettings.ephemeral(AGENTS).withTick(Duration.ofMillis(100)), Clock.systemUTC());
                var h = HubLauncher.find()
                        .start(new HubSettings("127.0.0.1", 0, 0, dir.resolve("hub"), Optional.empty()))) {
            hub = h;
            var upload = send("POST", "api/v1/models", PackageArchive.pack(dir.resolve("models/pump-ae")), "zip");
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            assertThat(send("POST", "api/v1/models/pump-ae/versions/1.0.0/promote", null, null)
                            .statusCode())
                    .isEqualTo(200);
            var agents = new ArrayList<Agent>();
            try {
                for (int i = 1; i <= AGENTS; i++) {
                    agents.add(Agent.start(config(h, plant, i, v1), dir, Clock.systemUTC()));
                }
                for (Agent a : agents) {
                    Await.until(
                            "10 normal windows in each agent's training history",
                            Duration.ofSeconds(90),
                            () -> a.trainingWindows("pump-ae") >= 10);
                }
                Await.until("every agent ready for a round", Duration.ofSeconds(20), () -> readyAgents() == AGENTS);

                // started and followed with the operator's commands: vigil fl start --watch exits 0 once the round's
                // version is registered
                var cli = new java.io.StringWriter();
                var fl = new picocli.CommandLine(new io.vigil.model.cli.FlCommand())
                        .setOut(new java.io.PrintWriter(cli));
                int exit = fl.execute(
                        "start",
                        "pump-ae",
                        "--hub",
                        h.httpUri().toString(),
                        "--deadline",
                        "60s",
                        "--batch",
                        "16",
                        "--watch");
                assertThat(exit).as(cli.toString()).isZero();
                assertThat(cli.toString()).contains("new version 1.0.1 is in shadow", "3/3 accepted (quorum 3)");
                long id = Long.parseLong(cli.toString().split(" ")[1]);

                JsonNode round = round(id);
                assertThat(round.path("state").asText()).isEqualTo("closed");
                assertThat(round.path("accepted")).hasSize(AGENTS);
                assertThat(round.path("rejected")).isEmpty();
                assertThat(round.path("bytesReceived").asLong()).isPositive();
                assertThat(round.path("pooledRows").asLong()).isPositive();
                String version = round.path("resultingVersion").asText();
                assertThat(version).isEqualTo("1.0.1");
                assertThat(stageOf(version)).isEqualTo("shadow");
                for (Agent a : agents) {
                    Await.until(
                            "the round's version as every agent's candidate",
                            Duration.ofSeconds(30),
                            () -> a.candidateVersion("pump-ae").equals(Optional.of(version)));
                }
                assertThat(send("GET", "api/v1/events?type=fl_round_version", null, null)
                                .body())
                        .contains("pump-ae@" + version);
                assertThat(send("GET", "api/v1/events?type=fl_round_started", null, null)
                                .body())
                        .contains("pump-ae@1.0.0");

                // stopping a round that is over changes nothing
                var stop = new java.io.StringWriter();
                assertThat(new picocli.CommandLine(new io.vigil.model.cli.FlCommand())
                                .setOut(new java.io.PrintWriter(stop))
                                .execute(
                                        "stop",
                                        Long.toString(id),
                                        "--hub",
                                        h.httpUri().toString()))
                        .isZero();
                assertThat(stop.toString()).contains("closed", "new version 1.0.1");

                // the closed round takes nothing more: an update naming it is late, whoever sends it
                var late = send(
                        "POST",
                        "api/v1/agents/edge-fl1/fl/updates",
                        ("{\"round\":" + id + ",\"agentId\":\"edge-fl1\",\"baseVersion\":0,\"payload\":\"AA==\","
                                        + "\"sampleCount\":1,\"trainingLoss\":0.1,\"statsN\":0,\"statsSum\":[],"
                                        + "\"statsSumSquares\":[],\"signature\":\"AA==\"}")
                                .getBytes(),
                        "json");
                assertThat(late.statusCode()).isEqualTo(409);
                assertThat(Json.mapper().readTree(late.body()).path("code").asText())
                        .isEqualTo("fl.update.late");

                // a second round with a fourth participant the test plays: it cannot close before that one answers
                // (quorum 4), which sends an update signed with another key, then a correctly signed ×100 delta
                var forger = io.vigil.model.federated.AgentIdentity.generate("edge-forger");
                assertThat(send(
                                        "PUT",
                                        "api/v1/agents/edge-forger/fl/key",
                                        ("{\"publicKey\":\""
                                                        + java.util.Base64.getEncoder()
                                                                .encodeToString(forger.publicKey()
                                                                        .getEncoded())
                                                        + "\"}")
                                                .getBytes(),
                                        "json")
                                .statusCode())
                        .isEqualTo(204);
                var second = send(
                        "POST",
                        "api/v1/fl/rounds",
                        ("{\"model\":\"pump-ae\",\"version\":\"" + version
                                        + "\",\"agents\":4,\"quorum\":4,\"deadlineSeconds\":60}")
                                .getBytes(),
                        "json");
                assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
                long secondId = Json.mapper().readTree(second.body()).path("id").asLong();
                Await.until(
                        "three honest updates in round " + secondId,
                        Duration.ofSeconds(30),
                        () -> round(secondId).path("accepted").size() == AGENTS);
                var invitation = Json.mapper()
                        .readValue(
                                send("GET", "api/v1/agents/edge-forger/fl/invitation", null, null)
                                        .body(),
                                io.vigil.model.federated.wire.Invitation.class);
                byte[] zip = HTTP.send(
                                HttpRequest.newBuilder(hub.httpUri()
                                                .resolve("api/v1/models/pump-ae/versions/" + version + "/package"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body();
                var graph = io.vigil.model.onnx.DenseGraph.read(
                        PackageArchive.unpack(zip, Long.MAX_VALUE).onnx());
                int width = graph.sizes()[0];
                float[] noise = new float[width * 8];
                var random = new java.util.SplittableRandom(3);
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) random.nextGaussian();
                }
                var shape = new io.vigil.model.federated.NetworkShape(graph.sizes(), graph.activations());
                var data = new io.vigil.model.federated.LocalData.Windows(noise, 8, width);
                var plan = invitation.plan();
                var stranger = new io.vigil.model.federated.Participant(
                        io.vigil.model.federated.AgentIdentity.generate("edge-forger"),
                        shape,
                        data,
                        io.vigil.model.federated.ScalerStats.empty(0),
                        1);
                var forged = post(stranger.train(plan, invitation.globalWeights()));
                assertThat(forged.statusCode()).isEqualTo(422);
                assertThat(Json.mapper().readTree(forged.body()).path("code").asText())
                        .isEqualTo("fl.update.signature");

                var own = new io.vigil.model.federated.Participant(
                        forger, shape, data, io.vigil.model.federated.ScalerStats.empty(0), 1);
                float[] delta = own.trainDelta(plan, invitation.globalWeights()).delta();
                for (int i = 0; i < delta.length; i++) {
                    delta[i] *= 100;
                }
                var scaled = post(own.sign(
                        plan,
                        io.vigil.model.federated.compress.DeltaCodec.encode(
                                delta, io.vigil.model.federated.compress.Compression.NONE),
                        0.5));
                assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(202);
                JsonNode failed = round(secondId);
                assertThat(failed.path("state").asText()).isEqualTo("failed");
                assertThat(failed.path("rejected").findValuesAsText("code"))
                        .containsExactly("fl.update.signature", "fl.update.norm_outlier");
                assertThat(failed.path("resultingVersion").isNull()).isTrue();
                assertThat(send("GET", "api/v1/events?type=fl_update_rejected", null, null)
                                .body())
                        .contains("fl.update.signature", "fl.update.norm_outlier");
            } finally {
                agents.forEach(Agent::close);
            }
        }
    }

    private AgentConfig config(RunningHub h, PlantSimulator plant, int i, ModelManifest v1) {
        // the rollout policy alone would wait 10 minutes per stage: the candidate stays in shadow for the test
        var policy = new RolloutPolicy(0.5, 1, Duration.ofMinutes(10), 0.995, 0.005, 1.05);
        return new AgentConfig(
                new AgentIdentity("edge-fl" + i, "plant"),
                new HubConfig(h.mqttUri(), Duration.ofMillis(250), 1_000_000),
                List.of(plant.modbusDevice(i, Duration.ofMillis(100))),
                List.of(new ModelConfig(Path.of("models/pump-ae"), List.of("pump" + i), v1)),
                Optional.of(new RegistryConfig(
                        h.httpUri(),
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofMillis(250),
                        dir.resolve("registry-models-" + i))),
                policy);
    }

    /** Agents the hub counts as ready (key registered, polled lately), read from its refusal of a round too big. */
    private int readyAgents() throws Exception {
        var r = send(
                "POST",
                "api/v1/fl/rounds",
                ("{\"model\":\"pump-ae\",\"agents\":" + (AGENTS + 1) + ",\"quorum\":" + (AGENTS + 1) + "}").getBytes(),
                "json");
        JsonNode body = Json.mapper().readTree(r.body());
        String message = body.path("message").asText();
        assertThat(body.path("code").asText()).as(r.body()).isEqualTo("fl.agents.insufficient");
        return Integer.parseInt(message.substring(0, message.indexOf(' ')));
    }

    private HttpResponse<String> post(io.vigil.model.federated.ModelUpdate update) throws Exception {
        return send(
                "POST",
                "api/v1/agents/" + update.agentId() + "/fl/updates",
                Json.mapper().writeValueAsBytes(io.vigil.model.federated.wire.UpdateMessage.of(update)),
                "json");
    }

    private JsonNode round(long id) throws Exception {
        return Json.mapper()
                .readTree(send("GET", "api/v1/fl/rounds/" + id, null, null).body());
    }

    private String stageOf(String version) throws Exception {
        for (JsonNode v : Json.mapper()
                .readTree(send("GET", "api/v1/models/pump-ae", null, null).body())
                .path("versions")) {
            if (v.path("version").asText().equals(version)) {
                return v.path("stage").asText();
            }
        }
        return "";
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String type) throws Exception {
        var b = HttpRequest.newBuilder(hub.httpUri().resolve(path)).timeout(Duration.ofSeconds(30));
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type.equals("zip") ? "application/zip" : "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
