package io.vigil.edge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the agent finds the hub's model registry ({@code registry:} in {@code agent.yaml}).
 *
 * @param url the hub's HTTP API, {@code https://host:port} (the agent then presents its {@code hub.tls} certificate
 *     and trusts only the hub's CA) or {@code http://host:port}
 * @param user a hub user the agent logs in as (role engineer: it reads assignments and reports decisions), for a hub
 *     behind a TLS proxy or on plain HTTP; empty with a certificate or when the hub runs with login off
 * @param password that user's password
 * @param pollInterval how often the agent asks for its assignments (and sends what it has to report)
 * @param modelDir where downloaded packages are unpacked, one directory per model and version
 */
public record RegistryConfig(
        URI url, Optional<String> user, Optional<String> password, Duration pollInterval, Path modelDir) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

    public RegistryConfig {
        Objects.requireNonNull(url, "url");
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("url '" + url + "' is not http://host:port or https://host:port");
        }
        user = user == null ? Optional.empty() : user;
        password = password == null ? Optional.empty() : password;
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("give both user and passwordFile, or neither (hub with login off)");
        }
        if (pollInterval == null || pollInterval.toMillis() < 100 || pollInterval.toHours() > 24) {
            throw new IllegalArgumentException("pollInterval " + pollInterval + " not in 100ms..24h");
        }
        Objects.requireNonNull(modelDir, "modelDir");
    }

    public boolean https() {
        return "https".equals(url.getScheme());
    }

    /**
     * Refuses an {@code https://} registry the agent has neither a certificate ({@code hub.tls}) nor a user for: it
     * could not say who it is, and would have to trust whatever certificate the JVM trusts.
     */
    public void checkCredentials(Optional<TlsConfig> tls) {
        if (https() && tls.isEmpty() && user.isEmpty()) {
            throw new IllegalArgumentException("url '" + url + "' is https: set hub.tls (the agent's certificate from"
                    + " 'vigil hub enroll' and the hub's CA; recommended), or user and passwordFile for a hub behind a"
                    + " TLS proxy");
        }
    }
}
