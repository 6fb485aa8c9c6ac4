package io.vigil.hub.ingest;

import io.vertx.core.streams.ReadStream;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses and resumes reading an MQTT endpoint's socket. Vert.x MQTT 5.0 does not expose this on {@link MqttEndpoint},
 * so it reaches the endpoint's connection (a {@link ReadStream}) by reflection; if a later Vert.x moves it, pausing
 * is skipped with one warning and back-pressure rests on the agents' in-flight window (they wait for acknowledgements,
 * which come only after commit) and on the bounded queue.
 */
final class SocketPause {
    private static final Logger log = LoggerFactory.getLogger(SocketPause.class);
    private static volatile boolean warned;

    private SocketPause() {}

    static boolean pause(MqttEndpoint endpoint) {
        ReadStream<?> s = stream(endpoint);
        if (s != null) {
            s.pause();
        }
        return s != null;
    }

    static void resume(MqttEndpoint endpoint) {
        ReadStream<?> s = stream(endpoint);
        if (s != null) {
            s.resume();
        }
    }

    private static ReadStream<?> stream(MqttEndpoint endpoint) {
        try {
            Field f = endpoint.getClass().getDeclaredField("conn");
            f.setAccessible(true);
            return (ReadStream<?>) f.get(endpoint);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn(
                        "cannot pause MQTT sockets on this Vert.x version ({}); relying on the agents' in-flight"
                                + " window for back-pressure",
                        e.toString());
            }
            return null;
        }
    }
}
