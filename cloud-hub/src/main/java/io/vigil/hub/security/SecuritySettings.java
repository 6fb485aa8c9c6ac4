package io.vigil.hub.security;

import io.vigil.hub.security.login.Role;
import io.vigil.hub.security.pki.ServerCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the hub admits agents and people.
 *
 * @param auth whether the REST API, live feed and metrics need a login (users from {@code pkiDir/users.json})
 * @param mqttTls whether the MQTT endpoint speaks TLS and requires an agent certificate from the hub's CA
 * @param pkiDir where {@code vigil hub init} put the CA, the hub's certificate and the users file
 * @param sessionTtl how long a login lasts
 * @param https the certificate of the HTTPS listener; empty: plain HTTP. With a CA in {@code pkiDir} the listener also
 *     asks for (does not require) a client certificate from it, which admits an agent as {@link Role#AGENT}
 */
public record SecuritySettings(
        boolean auth, boolean mqttTls, Path pkiDir, Duration sessionTtl, Optional<ServerCertificate> https) {
    public static final Path DEFAULT_PKI_DIR = Path.of(".vigil/hub/pki");
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);

    /** No login, plain MQTT: the demo, benchmarks and tests of other parts. */
    public static final SecuritySettings OFF = new SecuritySettings(false, false, DEFAULT_PKI_DIR, DEFAULT_SESSION_TTL);

    public SecuritySettings(boolean auth, boolean mqttTls, Path pkiDir, Duration sessionTtl) {
        this(auth, mqttTls, pkiDir, sessionTtl, Optional.empty());
    }

    public SecuritySettings {
        https = https == null ? Optional.empty() : https;
        Objects.requireNonNull(pkiDir, "pkiDir");
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        if (sessionTtl.toSeconds() < 1 || sessionTtl.toDays() > 30) {
            throw new IllegalArgumentException("session ttl " + sessionTtl + " is not in 1s..30d");
        }
    }

    /** These settings with HTTPS presenting {@code certificate}. */
    public SecuritySettings withHttps(ServerCertificate certificate) {
        return new SecuritySettings(auth, mqttTls, pkiDir, sessionTtl, Optional.of(certificate));
    }
}
