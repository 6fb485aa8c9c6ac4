package io.vigil.hub.ingest;

import io.vigil.core.sample.Tags;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * External broker mode: the hub subscribes to an MQTT broker instead of running its own endpoint.
 *
 * @param broker {@code tcp://host:port}
 * @param shareGroup the shared-subscription group data is consumed through ({@code $share/GROUP/...}); hub instances
 *     with the same group split the data between them; empty: this hub takes every message
 * @param clientId MQTT client id of the persistent session, also the Sparkplug host id of the STATE topic
 *     ({@code spBv1.0/STATE/CLIENT_ID}); must stay the same across restarts so the broker keeps what arrived meanwhile
 */
public record BrokerSettings(URI broker, Optional<String> shareGroup, String clientId) {
    public BrokerSettings {
        Objects.requireNonNull(broker, "broker");
        if (!"tcp".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 1) {
            throw new IllegalArgumentException("broker '" + broker + "' must be tcp://HOST:PORT");
        }
        shareGroup = shareGroup == null ? Optional.empty() : shareGroup;
        shareGroup.ifPresent(g -> Tags.requireValidId("share group", g));
        Tags.requireValidId("client id", clientId);
    }
}
