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
 *
 * <p>It also counts the publishes in flight the way the MQTT client does: from the moment one is handed to the client
 * ({@link #handed}) until its PUBACK. Counting only publishes whose packet id was reported is not enough: when the
 * socket is slow to drain, the write (and so the id) is reported well after the PUBACKs of earlier publishes arrive,
 * and a window computed from reported ids lets the forwarder hand the client more than its in-flight limit. The
 * client then fails those publishes, each after the forwarder has spent a Sparkplug {@code seq} on it: gaps at the
 * host, rebirths, and births that never went out.
 */
final class AckLedger {
    private final Map<Integer, Outbox.Batch> data = new HashMap<>();
    private final Set<Integer> control = new HashSet<>();
    private final Set<Integer> early = new HashSet<>();
    private int inflight;

    /** A QoS 1 PUBLISH is handed to the client now; it counts as in flight until its PUBACK. */
    void handed() {
        inflight++;
    }

    /**
     * QoS 1 publishes (data and control) handed to the client and not acknowledged: the number the client compares
     * with its in-flight limit. A publish whose write failed stays counted, as the client keeps counting it too.
     */
    int inflight() {
        return inflight;
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
        inflight = Math.max(0, inflight - 1);
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
        inflight = 0;
    }
}
