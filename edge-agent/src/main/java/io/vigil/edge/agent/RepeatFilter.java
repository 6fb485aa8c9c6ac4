package io.vigil.edge.agent;

import io.vigil.core.sample.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drops a sample whose tag already had a sample with the very same timestamp on the same asset: a repeat, not new
 * data. OPC UA servers send the current value again when a subscription is created or re-created, with the source
 * timestamp it had the first time, and a read just before a subscription can return that same value. The hub keys
 * samples by series and timestamp and would store such a repeat once anyway; dropping it here keeps the agent's
 * counts (buffered, acknowledged) equal to what the hub stores. A sample with an older timestamp is kept: that is a
 * device clock going back, which is data.
 */
final class RepeatFilter {
    private final Map<String, Instant> last = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();

    /** {@code samples} without repeats; the same list when there are none. */
    List<Sample> fresh(String asset, List<Sample> samples) {
        List<Sample> out = null;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Instant previous = last.put(asset + '\u0000' + s.tag(), s.time());
            if (s.time().equals(previous)) {
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
}
