package io.vigil.hub.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which PostgreSQL the hub stores into.
 *
 * @param dataDir where the embedded PostgreSQL keeps its files, and the hub its model packages
 * @param url an external PostgreSQL/TimescaleDB JDBC URL (credentials may be in it: never log it); empty starts the
 *     embedded one in {@code dataDir}
 */
public record DatabaseSettings(Path dataDir, Optional<String> url) {
    public DatabaseSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        url = url == null ? Optional.empty() : url;
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("db url '" + u + "' must start with jdbc:postgresql://");
            }
        });
    }
}
