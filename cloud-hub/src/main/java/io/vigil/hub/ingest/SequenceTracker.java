package io.vigil.hub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sparkplug sequence numbers per edge node: NBIRTH starts at its {@code seq} and every later message of that node
 * must carry the next value modulo 256. A gap, or data from a node whose birth the hub never saw, means the hub's view
 * may be stale, so the caller asks the node to rebirth; at most once per {@link #REBIRTH_INTERVAL} per node, so a
 * node that ignores the request is not flooded. A repeat of the last value is a redelivery, not a gap.
 *
 * <p>Numbers are compared only within the connection that published the node's current NBIRTH (when the caller
 * names connections). On a reconnect with a backlog the old connection's last frames can still be read after the new
 * connection's NBIRTH (the hub closed it for overload with frames in its buffer, or it was still draining): two
 * interleaved numberings on one node, each frame of one a "gap" against the other, which logged 64 false warnings in
 * a second and asked for rebirths (issue 21, item 13). Such a frame is {@link Verdict#OTHER_CONNECTION}: stored, not
 * counted as a gap, and it leaves the current connection's numbering alone.
 */
final class SequenceTracker {
    static final Duration REBIRTH_INTERVAL = Duration.ofSeconds(10);

    /** What a message's sequence number says. */
    enum Verdict {
        IN_ORDER,
        REPEATED,
        GAP,
        UNKNOWN_NODE,
        OTHER_CONNECTION
    }

    private final Clock clock;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRebirth = new ConcurrentHashMap<>();

    SequenceTracker(Clock clock) {
        this.clock = clock;
    }

    void birth(String node, long seq) {
        birth(node, seq, null);
    }

    /** An NBIRTH on {@code connection} (null: connections are not told apart, as behind a broker). */
    void birth(String node, long seq, Object connection) {
        nodes.put(node, new Node(seq, connection));
        lastRebirth.remove(node);
    }

    void death(String node) {
        nodes.remove(node);
    }

    Verdict next(String node, long seq) {
        return next(node, seq, null);
    }

    Verdict next(String node, long seq, Object connection) {
        Node n = nodes.get(node);
        if (n == null) {
            return Verdict.UNKNOWN_NODE;
        }
        if (connection != null && n.connection != null && connection != n.connection) {
            return Verdict.OTHER_CONNECTION;
        }
        synchronized (n) {
            if (seq < 0) {
                return Verdict.IN_ORDER;
            }
            if (seq == n.last) {
                return Verdict.REPEATED;
            }
            boolean inOrder = seq == (n.last + 1) % 256;
            n.last = seq;
            return inOrder ? Verdict.IN_ORDER : Verdict.GAP;
        }
    }

    /** True when a rebirth request to {@code node} is due (none sent in the last {@link #REBIRTH_INTERVAL}). */
    boolean rebirthDue(String node) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastRebirth.compute(node, (k, last) -> {
            if (last != null && now.isBefore(last.plus(REBIRTH_INTERVAL))) {
                return last;
            }
            due[0] = true;
            return now;
        });
        return due[0];
    }

    private static final class Node {
        final Object connection;
        long last;

        Node(long last, Object connection) {
            this.last = last;
            this.connection = connection;
        }
    }
}
