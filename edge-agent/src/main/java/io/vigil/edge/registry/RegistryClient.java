package io.vigil.edge.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.json.Json;
import io.vigil.core.model.Assignment;
import io.vigil.edge.config.RegistryConfig;
import io.vigil.edge.config.TlsConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's side of the hub's registry API: its assignments, package downloads and reports, and its part in
 * federated rounds (update key, invitations, updates). Over {@code https://}
 * with {@code hub.tls} it presents the agent's certificate (the hub admits it as that agent, no password) and trusts
 * only the hub's CA; otherwise it logs in with the configured user when there is one (and again when the session has
 * expired). Blocking; the agent calls it from its registry thread only.
 */
public final class RegistryClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RegistryConfig config;
    private final String agent;
    private final HttpClient http;
    private final boolean login;
    private String token;

    /**
     * @param tls the agent's certificate and the hub's CA ({@code hub.tls}); used for an {@code https://} registry
     * @throws IllegalArgumentException for an {@code https://} registry with neither {@code tls} nor a user
     */
    public RegistryClient(RegistryConfig config, String agent, Optional<TlsConfig> tls) {
        config.checkCredentials(tls);
        this.config = config;
        this.agent = agent;
        boolean certificate = config.https() && tls.isPresent();
        this.login = config.user().isPresent() && !certificate;
        var builder =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1);
        if (certificate) {
            builder.sslContext(tls.get().sslContext());
        }
        this.http = builder.build();
    }

    /** What the hub wants this agent to run. */
    public List<Assignment> assignments() {
        byte[] body = send(get("api/v1/agents/" + agent + "/assignments"), "reading assignments");
        try {
            return Json.mapper().readValue(body, new TypeReference<List<Assignment>>() {});
        } catch (IOException e) {
            throw new RegistryException("the hub's assignments cannot be read: " + e.getMessage(), e);
        }
    }

    /** The package zip of {@code model} at {@code version}. */
    public byte[] download(String model, String version) {
        String path = "api/v1/models/" + enc(model) + "/versions/" + enc(version) + "/package";
        return send(get(path), "downloading " + model + "@" + version);
    }

    /** Sends one report (a rollout decision, a drift event, a rejected package) as JSON. */
    public void report(JsonNode report) {
        var b = request("api/v1/agents/" + agent + "/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(report.toString()));
        send(b, "reporting " + report.path("type").asText());
    }

    /** Registers the Ed25519 key this agent signs federated updates with (X.509 SubjectPublicKeyInfo, base64). */
    public void registerUpdateKey(String publicKeyBase64) {
        String body =
                Json.mapper().valueToTree(Map.of("publicKey", publicKeyBase64)).toString();
        send(
                request("api/v1/agents/" + agent + "/fl/key")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)),
                "registering the update key");
    }

    /** The invitation to a federated round waiting for this agent (JSON), or empty (the hub answered 204). */
    public Optional<byte[]> invitation() {
        byte[] body = send(get("api/v1/agents/" + agent + "/fl/invitation"), "asking for a round invitation");
        return body.length == 0 ? Optional.empty() : Optional.of(body);
    }

    /**
     * Sends a signed federated update (JSON).
     *
     * @throws RegistryException naming the hub's answer when the update is refused (its {@code fl.update.*} code)
     */
    public void sendUpdate(byte[] json) {
        send(
                request("api/v1/agents/" + agent + "/fl/updates")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                "sending a federated update");
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base().resolve(path)).timeout(TIMEOUT);
    }

    private URI base() {
        String u = config.url().toString();
        return URI.create(u.endsWith("/") ? u : u + "/");
    }

    private byte[] send(HttpRequest.Builder request, String what) {
        HttpResponse<byte[]> r = call(authorized(request), what);
        if (r.statusCode() == 401 && login) {
            token = null;
            r = call(authorized(request), what);
        }
        if (r.statusCode() / 100 != 2) {
            throw new RegistryException(
                    what + ": the hub at " + config.url() + " answered " + r.statusCode() + " "
                            + new String(r.body(), StandardCharsets.UTF_8),
                    null);
        }
        return r.body();
    }

    private HttpRequest authorized(HttpRequest.Builder b) {
        if (login) {
            if (token == null) {
                token = login();
            }
            b.setHeader("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private String login() {
        String body = Json.mapper()
                .valueToTree(Map.of(
                        "user",
                        config.user().orElseThrow(),
                        "password",
                        config.password().orElseThrow()))
                .toString();
        var r = call(
                request("api/v1/login")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                "logging in as " + config.user().get());
        if (r.statusCode() != 200) {
            throw new RegistryException(
                    "logging in to " + config.url() + " as " + config.user().get() + ": " + r.statusCode() + " "
                            + new String(r.body(), StandardCharsets.UTF_8),
                    null);
        }
        try {
            return Json.mapper().readTree(r.body()).path("token").asText();
        } catch (IOException e) {
            throw new RegistryException("the hub's login answer cannot be read: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> call(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(
                    what + ": the hub at " + config.url() + " is unreachable (" + reason(e) + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(what + ": interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** What went wrong in words, without the exception chain. */
    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
