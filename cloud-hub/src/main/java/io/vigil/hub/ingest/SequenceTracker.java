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
 */
final class SequenceTracker {
    static final Duration REBIRTH_INTERVAL = Duration.ofSeconds(10);

    /** What a message's sequence number says. */
    enum Verdict {
        IN_ORDER,
        REPEATED,
        GAP,
        UNKNOWN_NODE
    }

    private final Clock clock;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastRebirth = new ConcurrentHashMap<>();

    SequenceTracker(Clock clock) {
        this.clock = clock;
    }

    void birth(String node, long seq) {
        nodes.put(node, new Node(seq));
        lastRebirth.remove(node);
    }

    void death(String node) {
        nodes.remove(node);
    }

    Verdict next(String node, long seq) {
        Node n = nodes.get(node);
        if (n == null) {
            return Verdict.UNKNOWN_NODE;
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
        long last;

        Node(long last) {
            this.last = last;
        }
    }
}
