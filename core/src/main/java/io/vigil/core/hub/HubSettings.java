package io.vigil.core.hub;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a hub.
 *
 * @param host the address every listener binds to ({@code 127.0.0.1} by default)
 * @param httpPort REST, WebSocket and twin; 0 picks a free port
 * @param mqttPort the embedded MQTT endpoint agents connect to; 0 picks a free port
 * @param dataDir where the embedded PostgreSQL keeps its files
 * @param dbUrl an external PostgreSQL/TimescaleDB JDBC URL; empty starts the embedded one
 */
public record HubSettings(String host, int httpPort, int mqttPort, Path dataDir, Optional<String> dbUrl) {
    public HubSettings {
        Objects.requireNonNull(host, "host");
        checkPort("httpPort", httpPort);
        checkPort("mqttPort", mqttPort);
        Objects.requireNonNull(dataDir, "dataDir");
        dbUrl = dbUrl == null ? Optional.empty() : dbUrl;
        dbUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("db url '" + url + "' must start with jdbc:postgresql://");
            }
        });
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is not in 0..65535");
        }
    }
}
