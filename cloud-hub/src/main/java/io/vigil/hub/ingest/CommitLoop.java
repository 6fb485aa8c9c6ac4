package io.vigil.hub.ingest;

import io.vigil.hub.store.Change;
import io.vigil.hub.store.ChangeWriter;
import io.vigil.hub.store.CommitListener;
import io.vigil.hub.store.Committed;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread between the MQTT endpoints and the database.
 *
 * <p>Endpoints {@link #offer} decoded messages into a bounded queue. The thread takes whatever is queued, up to
 * {@code maxRows} rows, and commits it as one transaction, then runs each message's acknowledgement in arrival order.
 * It does not linger waiting for a fuller batch: under light load a message is committed at once, under heavy load
 * the queue fills while a commit runs and the next batch is naturally larger. When the queue passes its high-water
 * mark the endpoints pause reading their sockets (TCP pushes back to the agents) and they resume once the writer has
 * drained it below the low-water mark.
 */
public final class CommitLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommitLoop.class);

    /** What {@link #offer} did with a message. */
    enum Offer {
        QUEUED,
        QUEUED_ABOVE_HIGH_WATER,
        FULL
    }

    private final ChangeWriter writer;
    private final List<CommitListener> listeners;
    private final IngestMetrics metrics;
    private final BlockingQueue<Work> queue;
    private final int maxRows;
    private final int highWater;
    private final int lowWater;
    private final Queue<Runnable> onLowWater = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    public CommitLoop(
            ChangeWriter writer, List<CommitListener> listeners, IngestMetrics metrics, int capacity, int maxRows) {
        if (capacity < 4 || maxRows < 1) {
            throw new IllegalArgumentException(
                    "capacity " + capacity + " must be >= 4 and maxRows " + maxRows + " >= 1");
        }
        this.writer = writer;
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxRows = maxRows;
        this.highWater = capacity * 3 / 4;
        this.lowWater = capacity / 4;
        this.thread = new Thread(this::loop, "vigil-hub-writer");
        metrics.gauge("vigil.ingest.queue.depth", "messages waiting for the writer", queue::size);
    }

    public void start() {
        thread.start();
    }

    /** Queues {@code work}; never blocks (called on event loops). */
    Offer offer(Work work) {
        if (!queue.offer(work)) {
            return Offer.FULL;
        }
        return queue.size() >= highWater ? Offer.QUEUED_ABOVE_HIGH_WATER : Offer.QUEUED;
    }

    /** Runs {@code resume} once, on the writer thread, when the queue is next below its low-water mark. */
    void whenDrained(Runnable resume) {
        onLowWater.add(resume);
    }

    int depth() {
        return queue.size();
    }

    private void loop() {
        var batch = new ArrayList<Work>();
        while (running) {
            try {
                Work first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    drain(batch, first.rows());
                    process(batch);
                    batch.clear();
                }
                releasePaused();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("ingest writer: unexpected failure, continuing", e);
                batch.clear();
            }
        }
    }

    private void drain(List<Work> batch, int rows) {
        Work next;
        while (rows < maxRows && (next = queue.poll()) != null) {
            batch.add(next);
            rows += next.rows();
        }
    }

    private void process(List<Work> batch) {
        var changes = new ArrayList<Change>(batch.size());
        batch.forEach(w -> {
            if (w.change() != null) {
                changes.add(w.change());
            }
        });
        Committed committed;
        try {
            committed = changes.isEmpty()
                    ? Committed.EMPTY
                    : metrics.commitTimer().recordCallable(() -> writer.commit(changes));
        } catch (Exception e) {
            fail(batch, e);
            return;
        }
        if (failing) {
            log.info("ingest writer: database commits succeed again");
            failing = false;
        }
        metrics.samplesCommitted(committed.samplesInserted());
        batch.forEach(w -> w.onCommitted().run());
        if (!changes.isEmpty()) {
            notifyListeners(committed);
        }
    }

    private void fail(List<Work> batch, Exception e) {
        if (!failing) {
            log.error(
                    "ingest writer: {}; closing the publishers' connections so they redeliver (logged once until"
                            + " commits succeed again)",
                    e.getMessage());
            failing = true;
        }
        batch.forEach(w -> w.onFailed().accept(e));
    }

    private void notifyListeners(Committed committed) {
        for (CommitListener l : listeners) {
            try {
                l.committed(committed);
            } catch (RuntimeException e) {
                log.warn("commit listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private void releasePaused() {
        if (queue.size() > lowWater) {
            return;
        }
        Runnable r;
        while ((r = onLowWater.poll()) != null) {
            r.run();
        }
    }

    /** Stops the thread after the batch in progress; queued messages stay unacknowledged (agents redeliver them). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.info("ingest writer stopped with {} messages unacknowledged; agents will redeliver them", queue.size());
        }
        writer.close();
    }
}
