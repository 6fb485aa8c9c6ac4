package io.vigil.edge.agent;

import io.vigil.core.sample.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drops a sample whose tag already had a sample with the same timestamp on the same asset: a repeat, not new data.
 * OPC UA servers send the current value again when a subscription is created or re-created, with the source
 * timestamp it had the first time, and a read just before a subscription can return that same value. Under load a
 * subscription also delivers whole notifications again after newer ones (Milo republishes what it thinks it missed
 * when publish responses overtake each other), so a repeat is not always the tag's latest timestamp: each tag
 * remembers its last {@value #RECENT} timestamps.
 *
 * <p>Timestamps are compared in milliseconds, the precision of a Sparkplug metric timestamp: the hub keys samples by
 * series and that timestamp and stores a repeat once, so dropping it here keeps the agent's counts (buffered,
 * acknowledged) equal to what the hub stores. A sample with an older timestamp not seen recently is kept: that is a
 * device clock going back, which is data.
 */
final class RepeatFilter {
    /** Timestamps remembered per tag: several seconds of 100 ms notifications, a few KB per thousand tags. */
    static final int RECENT = 32;

    private final Map<String, Recent> recent = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();

    /** {@code samples} without repeats; the same list when there are none. */
    List<Sample> fresh(String asset, List<Sample> samples) {
        List<Sample> out = null;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean repeat = recent.computeIfAbsent(asset + '\u0000' + s.tag(), k -> new Recent())
                    .seen(s.time().toEpochMilli());
            if (repeat) {
                if (out == null) {
                    out = new ArrayList<>(samples.subList(0, i));
                }
                repeats.incrementAndGet();
            } else if (out != null) {
                out.add(s);
            }
        }
        return out == null ? samples : out;
    }

    long repeats() {
        return repeats.get();
    }

    /** The last {@link #RECENT} distinct timestamps of one tag, in a ring. */
    private static final class Recent {
        private final long[] millis = new long[RECENT];
        private int size;
        private int next;
        private long newest = Long.MIN_VALUE;

        /** Whether {@code t} was seen; remembers it when not. */
        synchronized boolean seen(long t) {
            // The common case, a newer timestamp, needs no search.
            if (t <= newest && contains(t)) {
                return true;
            }
            newest = Math.max(newest, t);
            millis[next] = t;
            next = (next + 1) % RECENT;
            size = Math.min(size + 1, RECENT);
            return false;
        }

        private boolean contains(long t) {
            for (int i = 0; i < size; i++) {
                if (millis[i] == t) {
                    return true;
                }
            }
            return false;
        }
    }
}
