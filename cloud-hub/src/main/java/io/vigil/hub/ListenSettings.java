package io.vigil.hub;

import java.util.Objects;

/**
 * Where the hub listens.
 *
 * @param host the address every listener binds to
 * @param httpPort REST, WebSocket and the twin; 0 picks a free port
 * @param mqttPort the embedded MQTT endpoint agents publish to (unused with an external broker); 0 picks a free port
 */
public record ListenSettings(String host, int httpPort, int mqttPort) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public ListenSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host '" + host + "' must not be blank");
        }
        checkPort("httpPort", httpPort);
        checkPort("mqttPort", mqttPort);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is not in 0..65535");
        }
    }

    /** {@link #host} as it goes into a URI: an IPv6 literal in brackets. */
    String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
