package io.vigil.hub.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Tags;
import io.vigil.core.wire.SparkplugTopic;

/**
 * The hub's Sparkplug 3.0 host application STATE: topic {@code spBv1.0/STATE/HOST_ID}, payload
 * {@code {"online":BOOL,"timestamp":MILLIS}}, published retained at QoS 1. The offline message (the will) carries the
 * same timestamp as the online one it ends, so an edge node can tell which session of the host it belongs to.
 */
record HostState(String hostId, long timestamp) {
    /** Host id of the embedded endpoint's STATE. */
    static final String EMBEDDED_HOST_ID = "vigil";

    HostState {
        Tags.requireValidId("host id", hostId);
    }

    String topic() {
        return SparkplugTopic.NAMESPACE + "/STATE/" + hostId;
    }

    Buffer payload(boolean online) {
        return new JsonObject()
                .put("online", online)
                .put("timestamp", timestamp)
                .toBuffer();
    }
}
