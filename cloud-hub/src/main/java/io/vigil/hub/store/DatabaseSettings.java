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
 * @param minFreeBytes below this much free space under {@code dataDir} health raises the disk alarm
 */
public record DatabaseSettings(Path dataDir, Optional<String> url, long minFreeBytes) {
    /** 512 MiB: minutes of ingest at full rate, time enough to act on the alarm. */
    public static final long DEFAULT_MIN_FREE_BYTES = 512L << 20;

    public DatabaseSettings(Path dataDir, Optional<String> url) {
        this(dataDir, url, DEFAULT_MIN_FREE_BYTES);
    }

    public DatabaseSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("disk min free " + minFreeBytes + " bytes must not be negative");
        }
        url = url == null ? Optional.empty() : url;
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("db url '" + u + "' must start with jdbc:postgresql://");
            }
        });
    }
}
