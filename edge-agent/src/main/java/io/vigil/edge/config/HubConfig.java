package io.vigil.edge.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the agent forwards its data.
 *
 * @param mqtt the hub's MQTT endpoint, {@code tcp://host:port}
 * @param publishInterval how often buffered data is published
 * @param bufferSamples store-and-forward bound (samples + scores + events) while the hub is unreachable
 */
public record HubConfig(URI mqtt, Duration publishInterval, int bufferSamples) {
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_BUFFER_SAMPLES = 1_000_000;

    public HubConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        if (!"tcp".equals(mqtt.getScheme()) && !"mqtt".equals(mqtt.getScheme())) {
            throw new IllegalArgumentException("'" + mqtt + "' is not tcp://host:port");
        }
        if (mqtt.getHost() == null || mqtt.getPort() < 1 || mqtt.getPort() > 65535) {
            throw new IllegalArgumentException("'" + mqtt + "' needs a host and a port in 1..65535");
        }
        if (publishInterval == null || publishInterval.toMillis() < 10 || publishInterval.toMinutes() > 60) {
            throw new IllegalArgumentException("publish interval " + publishInterval + " not in 10ms..60m");
        }
        if (bufferSamples < 1 || bufferSamples > 100_000_000) {
            throw new IllegalArgumentException("bufferSamples " + bufferSamples + " not in 1..100000000");
        }
    }

    public String host() {
        return mqtt.getHost();
    }

    public int port() {
        return mqtt.getPort();
    }
}
