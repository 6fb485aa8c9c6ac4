package io.vigil.edge.forward;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.Score;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-and-forward buffer between the agent and the hub.
 *
 * <p>Samples, scores and events accumulate per asset; every publish interval {@link #seal} turns each asset's
 * accumulation into one or more {@link Batch batches} (one DDATA each, at most {@link #MAX_ITEMS_PER_BATCH} items so a
 * message stays small), queued in order. A batch leaves the buffer only when the hub acknowledged it
 * ({@link #acked}); when the connection drops, batches in flight go back to unsent ({@link #requeueInflight}) and are
 * sent again, in the same order, after the reconnect. The buffer holds at most {@code capacity} items: when it is full
 * the oldest unsent batches are dropped, counted and logged, because fresh data matters more than old data to an
 * operator once the link is back.
 *
 * <p>Thread-safe; every method is short and synchronized.
 */
public final class Outbox {
    public static final int MAX_ITEMS_PER_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final int capacity;
    private final Map<String, Accumulation> open = new LinkedHashMap<>();
    private final LinkedHashMap<Long, Batch> queue = new LinkedHashMap<>();
    private long nextId;
    private long size;
    private long dropped;
    private long published;
    private long acked;
    private boolean warnedFull;

    public Outbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity " + capacity + " must be positive");
        }
        this.capacity = capacity;
    }

    /** One DDATA worth of data for one asset. */
    public static final class Batch {
        private final long id;
        private final String asset;
        private final AssetData data;
        private boolean inflight;

        private Batch(long id, String asset, AssetData data) {
            this.id = id;
            this.asset = asset;
            this.data = data;
        }

        public String asset() {
            return asset;
        }

        public AssetData data() {
            return data;
        }
    }

    public synchronized void addSamples(String asset, List<Sample> samples) {
        open(asset).samples.addAll(samples);
        grew(samples.size());
    }

    public synchronized void addScore(String asset, Score score) {
        open(asset).scores.add(score);
        grew(1);
    }

    public synchronized void addEvent(String asset, AnomalyEvent event) {
        open(asset).events.add(event);
        grew(1);
    }

    /** Closes the accumulations of all assets into queued batches. */
    public synchronized void seal() {
        open.forEach((asset, acc) -> acc.split().forEach(d -> queue.put(nextId, new Batch(nextId++, asset, d))));
        open.clear();
    }

    /** Marks up to {@code max} of the oldest unsent batches as in flight and returns them in order. */
    public synchronized List<Batch> takeUnsent(int max) {
        var result = new ArrayList<Batch>();
        for (Iterator<Batch> it = queue.values().iterator(); it.hasNext() && result.size() < max; ) {
            Batch b = it.next();
            if (!b.inflight) {
                b.inflight = true;
                published += b.data.size();
                result.add(b);
            }
        }
        return result;
    }

    /** The hub has the batch: it leaves the buffer. */
    public synchronized void acked(Batch batch) {
        if (queue.remove(batch.id) != null) {
            size -= batch.data.size();
            acked += batch.data.size();
        }
    }

    /** The connection dropped: every batch in flight will be sent again. */
    public synchronized void requeueInflight() {
        queue.values().forEach(b -> b.inflight = false);
    }

    public synchronized void unsent(Batch batch) {
        batch.inflight = false;
    }

    public synchronized int inflight() {
        return (int) queue.values().stream().filter(b -> b.inflight).count();
    }

    /** Items (samples, scores, events) held: accumulating, queued or in flight. */
    public synchronized long buffered() {
        return size;
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Items handed to the MQTT client (a resend counts again). */
    public synchronized long published() {
        return published;
    }

    /** Items the hub acknowledged. */
    public synchronized long acked() {
        return acked;
    }

    public synchronized boolean isEmpty() {
        return size == 0;
    }

    private Accumulation open(String asset) {
        return open.computeIfAbsent(asset, a -> new Accumulation());
    }

    private void grew(int items) {
        size += items;
        if (size <= capacity) {
            warnedFull = false;
            return;
        }
        long before = dropped;
        for (Iterator<Batch> it = queue.values().iterator(); it.hasNext() && size > capacity; ) {
            Batch b = it.next();
            if (!b.inflight) {
                it.remove();
                size -= b.data.size();
                dropped += b.data.size();
            }
        }
        if (size > capacity) {
            trimOpen();
        }
        if (!warnedFull) {
            warnedFull = true;
            LOG.warn(
                    "store-and-forward buffer full ({} items): dropped the oldest {} items, {} dropped in total;"
                            + " the hub has been unreachable for too long or hub.bufferSamples is too small",
                    capacity,
                    dropped - before,
                    dropped);
        }
    }

    private void trimOpen() {
        for (Accumulation acc : open.values()) {
            while (size > capacity && !acc.samples.isEmpty()) {
                acc.samples.remove(0);
                size--;
                dropped++;
            }
        }
    }

    private static final class Accumulation {
        final List<Sample> samples = new ArrayList<>();
        final List<Score> scores = new ArrayList<>();
        final List<AnomalyEvent> events = new ArrayList<>();

        /** Events and scores first, so a split never delays them behind thousands of samples. */
        List<AssetData> split() {
            var result = new ArrayList<AssetData>();
            int s = 0;
            int sc = 0;
            int ev = 0;
            while (s < samples.size() || sc < scores.size() || ev < events.size()) {
                int room = MAX_ITEMS_PER_BATCH;
                int evEnd = Math.min(events.size(), ev + room);
                room -= evEnd - ev;
                int scEnd = Math.min(scores.size(), sc + room);
                room -= scEnd - sc;
                int sEnd = Math.min(samples.size(), s + room);
                result.add(
                        new AssetData(samples.subList(s, sEnd), scores.subList(sc, scEnd), events.subList(ev, evEnd)));
                s = sEnd;
                sc = scEnd;
                ev = evEnd;
            }
            return result;
        }
    }
}
