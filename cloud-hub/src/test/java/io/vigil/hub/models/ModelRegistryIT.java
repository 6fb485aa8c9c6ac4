package io.vigil.hub.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.core.cli.VigilCli;
import io.vigil.core.hub.HubSettings;
import io.vigil.hub.Hub;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The registry over real HTTP against a hub with its embedded PostgreSQL (login off: roles are AccessControlIT's). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ModelRegistryIT {
    @TempDir
    static Path tmp;

    static Hub hub;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startHub() {
        hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, tmp.resolve("hub"), Optional.empty()));
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void registersAPackageOnceStoresItOnDiskAndServesItBack() throws Exception {
        byte[] zip = TestPackages.zip("reg-a", "1.0.0");

        var first = post("/api/v1/models", zip);
        var again = post("/api/v1/models", zip);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        var v = new JsonObject(first.body());
        assertThat(v.getString("stage")).isEqualTo("registered");
        assertThat(v.getString("uploadedBy")).isEqualTo("anonymous");
        assertThat(v.getJsonObject("manifest").getString("id")).isEqualTo("reg-a");
        String packageSha = v.getString("packageSha256");
        try (Stream<Path> files = Files.walk(tmp.resolve("hub").resolve("models"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(packageSha + ".zip");
        }
        var download = http.send(
                request("/api/v1/models/reg-a/versions/1.0.0/package").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(ModelPackage.sha256(download.body())).isEqualTo(packageSha);
        var model = new JsonObject(get("/api/v1/models/reg-a").body());
        assertThat(model.getJsonArray("versions")).hasSize(1);
        assertThat(get("/api/v1/models").body()).contains("\"id\":\"reg-a\"");
    }

    @Test
    void refusesAPackageWhoseGraphIsNotTheOneTheManifestHashes() throws Exception {
        var r = post("/api/v1/models", TestPackages.wrongSha("reg-bad", "1.0.0"));

        assertThat(r.statusCode()).isEqualTo(422);
        var e = new JsonObject(r.body());
        assertThat(e.getString("code")).isEqualTo("model.sha256.mismatch");
        assertThat(e.getString("message"))
                .contains(
                        "sha256",
                        "0".repeat(64),
                        TestPackages.manifest("x", "1.0.0").sha256());
        assertThat(get("/api/v1/models/reg-bad").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAManifestThatDoesNotFitTheGraphNamingBothWidths() throws Exception {
        var r = post("/api/v1/models", TestPackages.wrongShape("reg-shape", "1.0.0"));

        assertThat(r.statusCode()).isEqualTo(422);
        var e = new JsonObject(r.body());
        assertThat(e.getString("code")).isEqualTo("model.graph.mismatch");
        assertThat(e.getString("message")).contains("48", "40");
    }

    @Test
    void refusesABodyThatIsNotAPackageAndAVersionReusedForAnotherPackage() throws Exception {
        var notZip = post("/api/v1/models", "hello".getBytes());
        post("/api/v1/models", TestPackages.zip("reg-c", "1.0.0"));
        byte[] other = TestPackages.zip("reg-c", "1.0.0");
        other = PackageArchive.pack(
                new String(PackageArchive.unpack(other, 1 << 20).manifest())
                        .replace("\"training\":\"", "\"training\":\"changed ")
                        .getBytes(),
                PackageArchive.unpack(other, 1 << 20).onnx());

        var conflict = post("/api/v1/models", other);

        assertThat(notZip.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notZip.body()).getString("code")).isEqualTo("model.package.invalid");
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(new JsonObject(conflict.body()).getString("code")).isEqualTo("model.version.exists");
    }

    @Test
    void promotingRetiresTheServingVersionAndRollingBackBringsItBack() throws Exception {
        post("/api/v1/models", TestPackages.zip("reg-d", "1.0.0"));
        post("/api/v1/models", TestPackages.zip("reg-d", "1.1.0"));
        assertThat(post("/api/v1/models/reg-d/versions/1.0.0/promote", null).statusCode())
                .isEqualTo(200);

        var shadow = post("/api/v1/models/reg-d/versions/1.1.0/shadow", null);
        assertThat(new JsonObject(shadow.body()).getString("stage")).isEqualTo("shadow");
        assertThat(assignments("reg-d")).containsExactly("1.0.0:promoted", "1.1.0:shadow");

        post("/api/v1/models/reg-d/versions/1.1.0/promote", null);
        assertThat(assignments("reg-d")).containsExactly("1.1.0:promoted");
        assertThat(stage("reg-d", "1.0.0")).isEqualTo("retired");

        post("/api/v1/models/reg-d/versions/1.1.0/rollback", null);
        assertThat(assignments("reg-d")).containsExactly("1.0.0:promoted");
        assertThat(stage("reg-d", "1.1.0")).isEqualTo("rolled_back");
        assertThat(post("/api/v1/models/reg-d/versions/9.9.9/promote", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anAgentsDecisionMovesTheCandidateAndIsListedWithItsFigures() throws Exception {
        post("/api/v1/models", TestPackages.zip("reg-e", "2.0.0"));
        post("/api/v1/models/reg-e/versions/2.0.0/shadow", null);
        String decision = new JsonObject()
                .put("type", "model_decision")
                .put("time", "2026-11-22T07:00:00Z")
                .put("model", "reg-e")
                .put("serving", "1.0.0")
                .put("candidate", "2.0.0")
                .put("from", "SHADOW")
                .put("to", "CANARY")
                .put("windows", 1200)
                .put("labelled", 0)
                .put("agreement", 0.998)
                .put("servingAccuracy", "NaN")
                .put("candidateAccuracy", "NaN")
                .put("servingP99Micros", 40.0)
                .put("candidateP99Micros", 41.0)
                .put("reason", "rule holds")
                .encode();

        var r = postJson("/api/v1/agents/edge-9/reports", decision);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(stage("reg-e", "2.0.0")).isEqualTo("canary");
        var decisions = new JsonArray(get("/api/v1/models/reg-e/decisions").body());
        assertThat(decisions).hasSize(1);
        var d = decisions.getJsonObject(0);
        assertThat(d.getString("agent")).isEqualTo("edge-9");
        assertThat(d.getJsonObject("figures").getInteger("windows")).isEqualTo(1200);
        assertThat(d.getJsonObject("figures").getDouble("agreement")).isEqualTo(0.998);
        assertThat(get("/api/v1/events?type=model_decision").body()).contains("reg-e@2.0.0");
        var v = new JsonObject(get("/api/v1/models/reg-e").body())
                .getJsonArray("versions")
                .getJsonObject(0);
        assertThat(v.getString("stageBy")).isEqualTo("agent:edge-9");
    }

    @Test
    void anAgentsRejectionRollsTheCandidateBackAndDriftIsAnEvent() throws Exception {
        post("/api/v1/models", TestPackages.zip("reg-f", "1.2.0"));
        post("/api/v1/models/reg-f/versions/1.2.0/canary", null);

        postJson(
                "/api/v1/agents/edge-9/reports",
                "{\"type\":\"model_rejected\",\"model\":\"reg-f\",\"version\":\"1.2.0\","
                        + "\"time\":\"2026-11-22T07:01:00Z\",\"reason\":\"sha256 differs\"}");
        postJson(
                "/api/v1/agents/edge-9/reports",
                "{\"type\":\"drift\",\"model\":\"reg-f@1.0.0\",\"asset\":\"pump7\",\"time\":\"2026-11-22T07:02:00Z\","
                        + "\"moved\":[\"flow\"]}");

        assertThat(stage("reg-f", "1.2.0")).isEqualTo("rolled_back");
        assertThat(get("/api/v1/events?type=drift&asset=pump7").body()).contains("reg-f@1.0.0");
        assertThat(postJson("/api/v1/agents/edge-9/reports", "{\"type\":\"nonsense\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theCliPushesPromotesAndListsAndReportsTheHubsRefusal() throws Exception {
        Path good = tmp.resolve("cli-good.zip");
        Path bad = tmp.resolve("cli-bad.zip");
        Files.write(good, TestPackages.zip("reg-cli", "1.0.0"));
        Files.write(bad, TestPackages.wrongSha("reg-cli", "1.1.0"));
        String url = hub.httpUri().toString();

        var push = cli("push", good.toString(), "--hub", url, "--stage", "promote");
        var list = cli("list", "--hub", url);
        var refused = cli("push", bad.toString(), "--hub", url);

        assertThat(push.code()).as(push.err()).isZero();
        assertThat(push.out()).contains("reg-cli@1.0.0 registered", "reg-cli@1.0.0 is promoted");
        assertThat(list.out()).containsPattern("reg-cli\\s+1\\.0\\.0\\s+promoted");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("422 model.sha256.mismatch", "manifest.json field sha256");
        assertThat(cli("list", "--hub", "http://127.0.0.1:1").err()).contains("unreachable (connection refused)");
    }

    record CliRun(int code, String out, String err) {}

    private static CliRun cli(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var line = VigilCli.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        var all = new ArrayList<String>();
        all.add("model");
        all.addAll(List.of(args));
        int code = line.execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    private static List<String> assignments(String model) throws Exception {
        var arr = new JsonArray(get("/api/v1/agents/edge-1/assignments").body());
        return arr.stream()
                .map(o -> (JsonObject) o)
                .filter(o -> o.getString("model").equals(model))
                .map(o -> o.getString("version") + ":" + o.getString("stage"))
                .sorted()
                .toList();
    }

    private static String stage(String model, String version) throws Exception {
        var versions = new JsonObject(get("/api/v1/models/" + model).body()).getJsonArray("versions");
        for (Object o : versions) {
            var v = (JsonObject) o;
            if (v.getString("version").equals(version)) {
                return v.getString("stage");
            }
        }
        return null;
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(hub.httpUri().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, byte[] body) throws Exception {
        var b = request(path)
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/zip");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
