package io.vigil.hub.ingest;

import io.vigil.hub.store.CommitListener;
import io.vigil.hub.store.write.ChangeWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * The hub's writers: several {@link CommitLoop}s, each with its own database connection, committing in parallel.
 *
 * <p>Each MQTT connection is assigned to one loop when it connects (the loop serving the fewest connections) and keeps
 * it until it closes. So every message of a connection is committed and acknowledged in the order it arrived, births
 * are written before the data that follows them, and a connection's death goes through the same loop as its data,
 * while different connections are written concurrently.
 */
public final class CommitLoops implements AutoCloseable {
    private final List<CommitLoop> loops;
    private final AtomicIntegerArray sessions;

    /**
     * @param writers one {@link ChangeWriter} per loop, made here and closed with it
     */
    public CommitLoops(
            IngestSettings settings,
            IntFunction<ChangeWriter> writers,
            List<CommitListener> listeners,
            IngestMetrics metrics) {
        var list = new ArrayList<CommitLoop>(settings.writers());
        for (int i = 0; i < settings.writers(); i++) {
            list.add(new CommitLoop(
                    writers.apply(i),
                    listeners,
                    metrics,
                    settings.queueRows(),
                    settings.batchRows(),
                    "vigil-hub-writer-" + i));
        }
        this.loops = List.copyOf(list);
        this.sessions = new AtomicIntegerArray(loops.size());
        metrics.gauge("vigil.ingest.queue.depth", "messages waiting for a writer", () -> loops.stream()
                .mapToInt(CommitLoop::depth)
                .sum());
        metrics.gauge("vigil.ingest.queue.rows", "rows waiting for a writer", () -> loops.stream()
                .mapToLong(CommitLoop::queuedRows)
                .sum());
    }

    public void start() {
        loops.forEach(CommitLoop::start);
    }

    public int size() {
        return loops.size();
    }

    /** The index of the loop a new connection will use; give it back with {@link #release}. */
    int assign() {
        int best = 0;
        for (int i = 1; i < loops.size(); i++) {
            if (sessions.get(i) < sessions.get(best)) {
                best = i;
            }
        }
        sessions.incrementAndGet(best);
        return best;
    }

    void release(int index) {
        sessions.decrementAndGet(index);
    }

    CommitLoop get(int index) {
        return loops.get(index);
    }

    /** The failure of a loop whose commits fail now, if any. */
    public Optional<WriteFailure> failure() {
        return loops.stream().map(CommitLoop::failure).flatMap(Optional::stream).findFirst();
    }

    /** Stops every loop after its batch in progress (see {@link CommitLoop#close}). */
    @Override
    public void close() {
        loops.forEach(CommitLoop::close);
    }
}
