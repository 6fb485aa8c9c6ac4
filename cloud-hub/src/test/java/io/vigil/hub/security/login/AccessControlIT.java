package io.vigil.hub.security.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.wire.MessageType;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.TestAgent;
import io.vigil.hub.models.TestPackages;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.TestTls;
import io.vigil.hub.security.login.Permissions.Rule;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.ServerCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of {@link Permissions#RULES} over real HTTPS against a hub with login on: 401 without a session, 403 with
 * each role too weak for it, success with the role it names; for an agent certificate, success on the rows marked for
 * agents with its own id and 403 with another id or on any other row. A row added without a case here fails
 * {@link #everyRowOfThePermissionsTableHasACaseHere}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessControlIT {
    @TempDir
    static Path tmp;

    static Hub hub;
    static TestAgent agent;
    static CertificateAuthority ca;
    static HttpClient http;
    static HttpClient edge1;
    static final Map<Role, String> tokens = new EnumMap<>(Role.class);
    static final List<Role> HUMAN =
            Arrays.stream(Role.values()).filter(Role::human).toList();

    /** A request that exercises one row, what it answers when allowed, and what must exist first. */
    record Case(String method, String path, Object body, int success, Runnable before) {
        Case(String method, String path, Object body, int success) {
            this(method, path, body, success, () -> {});
        }
    }

    /** One Ed25519 key for edge-1, registered again by every caller (the same key changes nothing). */
    static final String ED25519 = java.util.Base64.getEncoder()
            .encodeToString(io.vigil.model.federated.AgentIdentity.generate("edge-1")
                    .publicKey()
                    .getEncoded());

    /** A well-formed update for a round that is not open: refused as fl.update.late (409). */
    static final String UPDATE = "{\"round\":1,\"agentId\":\"edge-1\",\"baseVersion\":0,\"payload\":\"AA==\","
            + "\"sampleCount\":1,\"trainingLoss\":0.1,\"statsN\":0,\"statsSum\":[],\"statsSumSquares\":[],"
            + "\"signature\":\"AA==\"}";

    static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry(
                    "POST /api/v1/login",
                    new Case(
                            "POST",
                            "/api/v1/login",
                            "{\"user\":\"viewer-user\",\"password\":\"viewer-password\"}",
                            200)),
            Map.entry("POST /api/v1/logout", new Case("POST", "/api/v1/logout", "", 204)),
            Map.entry("GET /api/v1/me", new Case("GET", "/api/v1/me", null, 200)),
            Map.entry("POST /api/v1/agents/:agent/rebirth", new Case("POST", "/api/v1/agents/edge-1/rebirth", "", 202)),
            Map.entry("GET /api/v1/users", new Case("GET", "/api/v1/users", null, 200)),
            Map.entry(
                    "PUT /api/v1/users/:name",
                    new Case(
                            "PUT",
                            "/api/v1/users/temp",
                            "{\"role\":\"viewer\",\"password\":\"temp-password\"}",
                            201,
                            () -> {
                                UserStore.in(tmp.resolve("pki")).remove("temp");
                            })),
            Map.entry("DELETE /api/v1/users/:name", new Case("DELETE", "/api/v1/users/temp", null, 204, () -> {
                UserStore.in(tmp.resolve("pki")).put("temp", Role.VIEWER, "temp-password".toCharArray());
            })),
            Map.entry(
                    "POST /api/v1/models",
                    new Case("POST", "/api/v1/models", TestPackages.zip("acl-model", "1.0.0"), 201, () -> {
                        Db.count(
                                hub.jdbcUrl(),
                                "WITH a AS (DELETE FROM model_assignments WHERE model = 'acl-model'),"
                                        + " v AS (DELETE FROM model_versions WHERE model = 'acl-model') SELECT 0");
                    })),
            Map.entry("POST /api/v1/models/:id/versions/:version/shadow", stageCase("shadow")),
            Map.entry("POST /api/v1/models/:id/versions/:version/canary", stageCase("canary")),
            Map.entry("POST /api/v1/models/:id/versions/:version/promote", stageCase("promote")),
            Map.entry("POST /api/v1/models/:id/versions/:version/rollback", stageCase("rollback")),
            Map.entry(
                    "POST /api/v1/labels",
                    new Case(
                            "POST",
                            "/api/v1/labels",
                            "{\"asset\":\"pump1\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T01:00:00Z\","
                                    + "\"kind\":\"maintenance\"}",
                            201)),
            Map.entry("DELETE /api/v1/labels/:id", new Case("DELETE", "/api/v1/labels/424242", null, 204, () -> {
                Db.count(
                        hub.jdbcUrl(),
                        "WITH l AS (INSERT INTO labels (id, asset, from_ts, to_ts, kind, created_by, created_at)"
                                + " VALUES (424242, 'pump1', now(), now(), 'normal', 'acl', now())"
                                + " ON CONFLICT (id) DO NOTHING) SELECT 0");
            })),
            Map.entry(
                    "POST /api/v1/agents/:agent/reports",
                    new Case(
                            "POST",
                            "/api/v1/agents/edge-1/reports",
                            "{\"type\":\"drift\",\"time\":\"2026-01-01T00:00:00Z\",\"model\":\"pump-ae@1.0.0\","
                                    + "\"asset\":\"pump1\",\"moved\":[\"flow\"]}",
                            204)),
            // with no round open, an allowed caller gets the API's own answer (404, 204, 409), never 401/403
            Map.entry(
                    "POST /api/v1/fl/rounds",
                    new Case("POST", "/api/v1/fl/rounds", "{\"model\":\"no-such-model\"}", 404)),
            Map.entry("DELETE /api/v1/fl/rounds/:id", new Case("DELETE", "/api/v1/fl/rounds/1", null, 404)),
            Map.entry(
                    "PUT /api/v1/agents/:agent/fl/key",
                    new Case("PUT", "/api/v1/agents/edge-1/fl/key", "{\"publicKey\":\"" + ED25519 + "\"}", 204)),
            Map.entry(
                    "GET /api/v1/agents/:agent/fl/invitation",
                    new Case("GET", "/api/v1/agents/edge-1/fl/invitation", null, 204)),
            Map.entry(
                    "POST /api/v1/agents/:agent/fl/updates",
                    new Case("POST", "/api/v1/agents/edge-1/fl/updates", UPDATE, 409)),
            Map.entry(
                    "GET /api/v1/agents/:agent/assignments",
                    new Case("GET", "/api/v1/agents/edge-1/assignments", null, 200)),
            Map.entry(
                    "GET /api/v1/models/:id/versions/:version/package",
                    new Case("GET", "/api/v1/models/acl-model/versions/1.0.0/package", null, 200, () -> upload())));

    /** A stage change of a version that exists (uploaded first, as an admin, if the upload case removed it). */
    static Case stageCase(String action) {
        return new Case("POST", "/api/v1/models/acl-model/versions/1.0.0/" + action, "", 200, () -> upload());
    }

    static void upload() {
        try {
            var r = send("POST", "/api/v1/models", TestPackages.zip("acl-model", "1.0.0"), tokens.get(Role.ADMIN));
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void startHubWithLoginOnOverHttps() throws Exception {
        Path pki = tmp.resolve("pki");
        ca = CertificateAuthority.init(pki, List.of(), Clock.systemUTC());
        var users = UserStore.in(pki);
        for (Role r : HUMAN) {
            users.put(r.id() + "-user", r, (r.id() + "-password").toCharArray());
        }
        edge1 = TestTls.presenting(ca.enroll("edge-1", tmp.resolve("edge-1")));
        hub = Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, tmp.resolve("db"), Optional.empty()))
                        .withSecurity(new SecuritySettings(true, false, pki, Duration.ofHours(1))
                                .withHttps(new ServerCertificate.HubCertificate())),
                Clock.systemUTC());
        http = TestTls.trusting(pki.resolve(CertificateAuthority.CA_CERT));
        for (Role r : HUMAN) {
            tokens.put(r, login(r.id() + "-user", r.id() + "-password"));
        }
        agent = TestAgent.connect(hub.mqttUri(), "edge-1");
        agent.subscribe(agent.topic(MessageType.NCMD));
        agent.nodeBirth(1);
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

    static String login(String user, String password) throws Exception {
        var r = send("POST", "/api/v1/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    static HttpResponse<String> send(String method, String path, Object body, String token) throws Exception {
        return send(http, method, path, body, token);
    }

    static HttpResponse<String> send(HttpClient client, String method, String path, Object body, String token)
            throws Exception {
        var b = HttpRequest.newBuilder(URI.create(hub.httpUri().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : body instanceof byte[] bytes
                                        ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                                        : HttpRequest.BodyPublishers.ofString((String) body));
        if (body instanceof byte[]) {
            b.header("Content-Type", "application/zip");
        } else if (body != null && !((String) body).isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String key(Rule r) {
        return r.method().name() + " " + r.path();
    }

    static HttpResponse<String> call(Case c, String token) throws Exception {
        c.before().run();
        return send(c.method(), c.path(), c.body(), token);
    }

    @Test
    void everyRowOfThePermissionsTableHasACaseHere() {
        assertThat(CASES.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Permissions.RULES.stream().map(AccessControlIT::key).toList());
    }

    @Test
    void everyRowThatNeedsARoleAnswers401WithoutALoginOrWithAForgedToken() throws Exception {
        var soft = new SoftAssertions();
        for (Rule rule : Permissions.RULES) {
            if (rule.role().isEmpty()) {
                continue;
            }
            Case c = CASES.get(key(rule));
            var none = call(c, null);
            var forged = call(c, "x" + tokens.get(Role.ADMIN));
            soft.assertThat(none.statusCode()).as("%s without login", key(rule)).isEqualTo(401);
            soft.assertThat(new JsonObject(none.body()).getString("code")).isEqualTo("auth.required");
            soft.assertThat(forged.statusCode())
                    .as("%s with a forged token", key(rule))
                    .isEqualTo(401);
        }
        soft.assertAll();
    }

    @Test
    void everyRowAnswers403ToEachRoleTooWeakForIt() throws Exception {
        var soft = new SoftAssertions();
        int checked = 0;
        for (Rule rule : Permissions.RULES) {
            if (rule.role().isEmpty()) {
                continue;
            }
            Role needed = rule.role().get();
            for (Role weak : HUMAN.stream().filter(r -> !r.grants(needed)).toList()) {
                var r = call(CASES.get(key(rule)), tokens.get(weak));
                soft.assertThat(r.statusCode())
                        .as("%s as %s: %s", key(rule), weak, r.body())
                        .isEqualTo(403);
                soft.assertThat(r.body()).contains("auth.forbidden");
                checked++;
            }
        }
        soft.assertAll();
        assertThat(checked).as("weak-role checks made").isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyRowSucceedsWithTheRoleItNamesAndWithAdmin() throws Exception {
        var soft = new SoftAssertions();
        for (Rule rule : Permissions.RULES) {
            Case c = CASES.get(key(rule));
            for (Role role : rule.role().map(r -> List.of(r, Role.ADMIN)).orElse(List.of(Role.VIEWER))) {
                // logout ends the session it is sent with: give it a session of its own
                String token = key(rule).equals("POST /api/v1/logout")
                        ? login(role.id() + "-user", role.id() + "-password")
                        : tokens.get(role);
                var r = call(c, token);
                soft.assertThat(r.statusCode())
                        .as("%s as %s: %s", key(rule), role, r.body())
                        .isEqualTo(c.success());
            }
        }
        soft.assertAll();
    }

    @Test
    void theEngineersRebirthReachesTheAgentAsNcmd() throws Exception {
        agent.received().clear();

        var r = send("POST", "/api/v1/agents/edge-1/rebirth", "", tokens.get(Role.ENGINEER));

        assertThat(r.statusCode()).isEqualTo(202);
        var msg = agent.received().poll(10, TimeUnit.SECONDS);
        assertThat(msg).isNotNull();
        assertThat(msg.topicName()).isEqualTo(agent.topic(MessageType.NCMD));
        assertThat(send("POST", "/api/v1/agents/nobody/rebirth", "", tokens.get(Role.ENGINEER))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void readsNeedAViewerAndTheTwinPageIsOpen() throws Exception {
        var soft = new SoftAssertions();
        var reads = List.of(
                "/api/v1/health", "/api/v1/assets", "/api/v1/events", "/api/v1/series?tag=pump/flow", "/metrics");
        var statuses = new TreeMap<String, List<Integer>>();
        for (String path : reads) {
            int anonymous = send("GET", path, null, null).statusCode();
            int viewer = send("GET", path, null, tokens.get(Role.VIEWER)).statusCode();
            statuses.put(path, List.of(anonymous, viewer));
            soft.assertThat(anonymous).as("GET %s without login", path).isEqualTo(401);
            soft.assertThat(viewer).as("GET %s as viewer", path).isNotIn(401, 403);
        }
        soft.assertThat(send("GET", "/api/v1/live", null, null).statusCode()).isEqualTo(401);
        soft.assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200);
        soft.assertThat(send("GET", "/twin/login.js", null, null).statusCode()).isEqualTo(200);
        soft.assertAll();
    }

    @Test
    void aMethodAndPathWithoutARowIsClosedEvenToAnAdmin() throws Exception {
        var r = send("POST", "/api/v1/assets", "{}", tokens.get(Role.ADMIN));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("auth.unclassified");
    }

    @Test
    void aWrongPasswordIsRefusedAndALoginSetsAStrictHttpOnlyCookieThatWorksAlone() throws Exception {
        var wrong = send("POST", "/api/v1/login", "{\"user\":\"admin-user\",\"password\":\"guess\"}", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("auth.failed");

        var ok = send("POST", "/api/v1/login", "{\"user\":\"viewer-user\",\"password\":\"viewer-password\"}", null);
        String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie.toLowerCase(Locale.ROOT))
                .startsWith(AuthRoutes.COOKIE + "=")
                .contains("; httponly", "; samesite=strict", "; path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        var me = http.send(
                HttpRequest.newBuilder(URI.create(hub.httpUri() + "api/v1/me"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(me.body()).getString("role")).isEqualTo("viewer");
    }

    @Test
    void anAgentCertificateCallsEveryRowMarkedForAgentsWithItsOwnIdAndNoOtherAgents() throws Exception {
        var soft = new SoftAssertions();
        int others = 0;
        for (Rule rule : Permissions.RULES.stream().filter(Rule::agents).toList()) {
            Case c = CASES.get(key(rule));
            c.before().run();
            var own = send(edge1, c.method(), c.path(), c.body(), null);
            soft.assertThat(own.statusCode())
                    .as("%s as agent edge-1: %s", key(rule), own.body())
                    .isEqualTo(c.success());
            if (rule.path().contains(Permissions.AGENT_PARAM)) {
                var other = send(edge1, c.method(), c.path().replace("/edge-1/", "/edge-2/"), c.body(), null);
                soft.assertThat(other.statusCode())
                        .as("%s for edge-2 as agent edge-1", key(rule))
                        .isEqualTo(403);
                soft.assertThat(other.body()).contains("auth.agent.other");
                others++;
            }
        }
        soft.assertAll();
        assertThat(others).as("rows with :agent checked").isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAgentCertificateIsRefusedEveryRowNotMarkedForAgentsEvenWithAnAdminToken() throws Exception {
        var soft = new SoftAssertions();
        for (Rule rule : Permissions.RULES) {
            if (rule.agents() || rule.role().isEmpty()) {
                continue;
            }
            Case c = CASES.get(key(rule));
            var r = send(edge1, c.method(), c.path(), c.body(), tokens.get(Role.ADMIN));
            soft.assertThat(r.statusCode())
                    .as("%s as agent edge-1: %s", key(rule), r.body())
                    .isEqualTo(403);
            soft.assertThat(r.body()).contains("auth.agent.forbidden");
        }
        for (String read : List.of("/api/v1/assets", "/api/v1/live", "/metrics", "/api/v1/models/acl-model")) {
            soft.assertThat(send(edge1, "GET", read, null, null).statusCode())
                    .as("GET %s as agent edge-1", read)
                    .isEqualTo(403);
        }
        soft.assertAll();
    }

    @Test
    void aRevokedAgentCertificateIsRefusedWithinSecondsOfTheRevocation() throws Exception {
        var edge8 = TestTls.presenting(ca.enroll("edge-8", tmp.resolve("edge-8")));
        assertThat(send(edge8, "GET", "/api/v1/agents/edge-8/assignments", null, null)
                        .statusCode())
                .isEqualTo(200);

        ca.revoke("edge-8", Optional.empty(), "test");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        HttpResponse<String> r;
        do {
            Thread.sleep(200);
            r = send(edge8, "GET", "/api/v1/agents/edge-8/assignments", null, tokens.get(Role.ADMIN));
        } while (r.statusCode() == 200 && System.nanoTime() < deadline);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("auth.certificate.refused");
        assertThat(r.body()).contains("revoked");
    }

    @Test
    void aCertificateFromAnotherCaWithTheSameCnIsNoAgent() throws Exception {
        var stranger = CertificateAuthority.init(tmp.resolve("other-pki"), List.of(), Clock.systemUTC())
                .enroll("edge-1", tmp.resolve("stranger"));
        var client = HttpClient.newBuilder()
                .sslContext(TestTls.context(stranger, tmp.resolve("pki").resolve(CertificateAuthority.CA_CERT)))
                .build();

        var r = send(client, "GET", "/api/v1/agents/edge-1/assignments", null, null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("auth.required");
    }

    @Test
    void theLiveFeedOpensOverWssWithAViewersToken() throws Exception {
        var opened = new CompletableFuture<Void>();
        var ws = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + tokens.get(Role.VIEWER))
                .buildAsync(
                        URI.create(hub.httpUri().toString().replace("https://", "wss://") + "api/v1/live"),
                        new WebSocket.Listener() {
                            @Override
                            public void onOpen(WebSocket socket) {
                                opened.complete(null);
                                WebSocket.Listener.super.onOpen(socket);
                            }
                        })
                .get(20, TimeUnit.SECONDS);

        opened.get(10, TimeUnit.SECONDS);
        assertThat(hub.httpUri().getScheme()).isEqualTo("https");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theLastAdminCannotBeRemoved() throws Exception {
        var r = send("DELETE", "/api/v1/users/admin-user", null, tokens.get(Role.ADMIN));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(UserStore.in(tmp.resolve("pki")).list().stream()
                        .map(User::name)
                        .collect(Collectors.toSet()))
                .contains("admin-user");
    }
}
