package io.vigil.edge.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the agent forwards its data.
 *
 * @param mqtt the hub's MQTT endpoint, {@code tcp://host:port}
 * @param publishInterval how often buffered data is published
 * @param bufferSamples store-and-forward bound (samples + scores + events) while the hub is unreachable
 * @param tls mutual TLS with the hub; required by {@code ssl://} and {@code mqtts://} endpoints, refused with
 *     {@code tcp://}
 */
public record HubConfig(URI mqtt, Duration publishInterval, int bufferSamples, Optional<TlsConfig> tls) {
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_BUFFER_SAMPLES = 1_000_000;

    public HubConfig(URI mqtt, Duration publishInterval, int bufferSamples) {
        this(mqtt, publishInterval, bufferSamples, Optional.empty());
    }

    public HubConfig {
        checkEndpoint(mqtt);
        checkPublishInterval(publishInterval);
        tls = tls == null ? Optional.empty() : tls;
        if (bufferSamples < 1 || bufferSamples > 100_000_000) {
            throw new IllegalArgumentException("bufferSamples " + bufferSamples + " not in 1..100000000");
        }
        if (secure(mqtt) && tls.isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + mqtt + "' is a TLS endpoint: hub.tls (keystore, passwordFile," + " truststore) is required");
        }
        if (!secure(mqtt) && tls.isPresent()) {
            throw new IllegalArgumentException("hub.tls is set but '" + mqtt + "' is plain TCP: use ssl://host:port");
        }
    }

    /** {@code uri} when it is {@code tcp://}, {@code mqtt://}, {@code ssl://} or {@code mqtts://} with host and port. */
    public static URI checkEndpoint(URI mqtt) {
        Objects.requireNonNull(mqtt, "mqtt");
        if (!plain(mqtt) && !secure(mqtt)) {
            throw new IllegalArgumentException("'" + mqtt + "' is not tcp://host:port or ssl://host:port");
        }
        if (mqtt.getHost() == null || mqtt.getPort() < 1 || mqtt.getPort() > 65535) {
            throw new IllegalArgumentException("'" + mqtt + "' needs a host and a port in 1..65535");
        }
        return mqtt;
    }

    public static Duration checkPublishInterval(Duration publishInterval) {
        if (publishInterval == null || publishInterval.toMillis() < 10 || publishInterval.toMinutes() > 60) {
            throw new IllegalArgumentException("publish interval " + publishInterval + " not in 10ms..60m");
        }
        return publishInterval;
    }

    private static boolean plain(URI uri) {
        return "tcp".equals(uri.getScheme()) || "mqtt".equals(uri.getScheme());
    }

    /** Whether {@code uri} names a TLS endpoint ({@code ssl://} or {@code mqtts://}). */
    public static boolean secure(URI uri) {
        return "ssl".equals(uri.getScheme()) || "mqtts".equals(uri.getScheme());
    }

    public String host() {
        return mqtt.getHost();
    }

    public int port() {
        return mqtt.getPort();
    }
}
