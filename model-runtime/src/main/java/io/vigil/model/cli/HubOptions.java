package io.vigil.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * How the {@code vigil model} registry commands reach the hub: {@code --hub}, {@code --user}, {@code --password-file};
 * and the calls themselves, with one clear message per failure (hub unreachable, login needed, role too weak, the
 * hub's refusal with its code).
 */
public final class HubOptions {
    @Option(
            names = "--hub",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description = "The hub's HTTP API.")
    URI hub;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "Log in as this hub user (role data-scientist or admin to change the registry); leave out"
                    + " when the hub runs with --auth off.")
    String user;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "File whose first line is the user's password (required with --user).")
    Path passwordFile;

    @Option(
            names = "--hub-ca",
            paramLabel = "PEM",
            description = "With an https:// --hub: trust only the CA certificate(s) in this file, e.g. the hub's own"
                    + " .vigil/hub/pki/ca.pem (default: the JVM's trust store).")
    Path hubCa;

    private HttpClient http;
    private String token;

    /** Sends a request to {@code path} (relative to the hub) and returns the body of a 2xx answer. */
    String send(String method, String path, byte[] body, String contentType, String what) {
        var b = HttpRequest.newBuilder(base().resolve(path))
                .timeout(Duration.ofMinutes(5))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (user != null) {
            b.header("Authorization", "Bearer " + token());
        }
        HttpResponse<String> r = call(b.build(), what);
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        throw refusal(r, what);
    }

    private RuntimeException refusal(HttpResponse<String> r, String what) {
        String code = "";
        String message = r.body();
        try {
            JsonNode e = Json.mapper().readTree(r.body());
            code = e.path("code").asText("");
            message = e.path("message").asText(r.body());
        } catch (IOException | RuntimeException notJson) {
            // keep the raw body
        }
        if (r.statusCode() == 401) {
            return new IllegalStateException(what + ": the hub at " + hub + " needs a login (" + code + "): give --user"
                    + " and --password-file");
        }
        if (r.statusCode() == 403) {
            return new IllegalStateException(what + ": user " + (user == null ? "(none)" : user) + " may not do this ("
                    + code + "): " + message);
        }
        return new IllegalStateException(
                what + ": the hub refused it with " + r.statusCode() + " " + code + ": " + message);
    }

    private String token() {
        if (token != null) {
            return token;
        }
        if (passwordFile == null) {
            throw new UsageException("--user needs --password-file");
        }
        Path file = passwordFile;
        String password;
        try {
            password = Files.readString(file).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UsageException("cannot read --password-file " + file + ": " + e.getMessage());
        }
        String body = Json.mapper()
                .valueToTree(Map.of("user", user, "password", password))
                .toString();
        var r = call(
                HttpRequest.newBuilder(base().resolve("api/v1/login"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                "logging in as " + user);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "logging in to " + hub + " as " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        try {
            token = Json.mapper().readTree(r.body()).path("token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("the hub's login answer cannot be read: " + e.getMessage(), e);
        }
        return token;
    }

    private HttpClient http() {
        if (http == null) {
            var b = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1);
            if (hubCa != null) {
                b.sslContext(trusting(hubCa));
            }
            http = b.build();
        }
        return http;
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new UsageException("--hub-ca " + pem + " holds no certificate");
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            var context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot use --hub-ca " + pem + ": " + e.getMessage());
        }
    }

    private HttpResponse<String> call(HttpRequest request, String what) {
        try {
            return http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(what + ": the hub at " + hub + " is unreachable (" + reason(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    private URI base() {
        String u = hub.toString();
        return URI.create(u.endsWith("/") ? u : u + "/");
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
