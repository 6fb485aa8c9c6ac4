package io.vigil.hub.ingest;

import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import java.util.Optional;

/**
 * Who may connect to the MQTT endpoint: shapes the server's options (TLS, client authentication) and decides on each
 * CONNECT before the session exists. A refused client gets CONNACK "not authorized", is counted under the rejection
 * reason {@code auth} and logged with the reason.
 */
public interface ConnectGate {
    /** Everyone may connect; plain TCP. */
    ConnectGate OPEN = new ConnectGate() {
        @Override
        public MqttServerOptions configure(MqttServerOptions options) {
            return options;
        }

        @Override
        public Optional<String> refusal(MqttEndpoint endpoint) {
            return Optional.empty();
        }
    };

    MqttServerOptions configure(MqttServerOptions options);

    /** Why {@code endpoint} may not connect, or empty when it may. Runs on the event loop: must not block. */
    Optional<String> refusal(MqttEndpoint endpoint);

    /**
     * Whether a connected client may publish as Sparkplug edge node {@code edgeNode}; a message it may not send is
     * rejected (reason {@code auth}), acknowledged and dropped.
     */
    default boolean mayPublishAs(MqttEndpoint endpoint, String edgeNode) {
        return true;
    }

    /**
     * Whether what {@link #refusal} decides can change while a client is connected (a revoked certificate): the
     * endpoint then calls {@link #refresh} off the event loop every few seconds and {@link #refusal} again for every
     * connected client, closing those now refused.
     */
    default boolean rechecksConnections() {
        return false;
    }

    /** Reloads what {@link #refusal} depends on; may block, never called on an event loop. */
    default void refresh() {}
}
