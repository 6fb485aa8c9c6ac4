package io.vigil.edge.forward;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which QoS 1 publishes of one MQTT connection wait for their PUBACK, by packet id: data batches (which leave the
 * {@link Outbox} only when acknowledged) and control messages (births, deaths; acknowledged but never retried).
 *
 * <p>The client reports a packet id when the PUBLISH is written and the PUBACK separately; on loopback the PUBACK can
 * arrive first, so an acknowledgement for an id not yet known is kept as early and settles the publish when it is
 * reported. Confined to the forwarder's Vert.x context; cleared when the connection is lost.
 */
final class AckLedger {
    private final Map<Integer, Outbox.Batch> data = new HashMap<>();
    private final Set<Integer> control = new HashSet<>();
    private final Set<Integer> early = new HashSet<>();

    /** Data batches waiting for their PUBACK. */
    int dataInFlight() {
        return data.size();
    }

    /**
     * The PUBLISH of {@code batch} went out as {@code packetId}.
     *
     * @return whether its PUBACK came already, so the batch is acknowledged now
     */
    boolean dataSent(int packetId, Outbox.Batch batch) {
        if (early.remove(packetId)) {
            return true;
        }
        data.put(packetId, batch);
        return false;
    }

    /** A control message went out as {@code packetId}. */
    void controlSent(int packetId) {
        if (!early.remove(packetId)) {
            control.add(packetId);
        }
    }

    /**
     * A PUBACK came for {@code packetId}.
     *
     * @return the data batch it acknowledges; null for a control message, or for an id whose PUBLISH is not reported
     *     yet (kept as early)
     */
    Outbox.Batch acked(int packetId) {
        Outbox.Batch batch = data.remove(packetId);
        if (control.remove(packetId)) {
            return null;
        }
        if (batch == null) {
            early.add(packetId);
        }
        return batch;
    }

    /** The connection is gone: nothing it sent will be acknowledged. */
    void clear() {
        data.clear();
        early.clear();
        control.clear();
    }
}
