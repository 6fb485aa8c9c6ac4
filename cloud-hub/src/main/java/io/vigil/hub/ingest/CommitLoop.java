package io.vigil.hub.ingest;

import io.vigil.hub.store.CommitListener;
import io.vigil.hub.store.Committed;
import io.vigil.hub.store.write.Change;
import io.vigil.hub.store.write.ChangeWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread between MQTT endpoints and the database; the hub runs several ({@link CommitLoops}), and each
 * endpoint hands all its messages to the same one.
 *
 * <p>Endpoints {@link #offer} decoded messages into a queue bounded in rows (a message counts its samples, at least
 * one). The thread takes whatever is queued, up to {@code maxRows} rows, and commits it as one transaction, then runs
 * each message's acknowledgement in arrival order.
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
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedRows = new AtomicLong();
    private final long capacity;
    private final int maxRows;
    private final long highWater;
    private final long lowWater;
    private final Queue<Runnable> onLowWater = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;
    private volatile Optional<WriteFailure> failure = Optional.empty();

    /**
     * @param capacity rows that may wait in the queue
     * @param maxRows the most rows one transaction takes
     * @param name the thread's name
     */
    public CommitLoop(
            ChangeWriter writer,
            List<CommitListener> listeners,
            IngestMetrics metrics,
            int capacity,
            int maxRows,
            String name) {
        if (capacity < 4 || maxRows < 1) {
            throw new IllegalArgumentException(
                    "capacity " + capacity + " must be >= 4 and maxRows " + maxRows + " >= 1");
        }
        this.writer = writer;
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
        this.capacity = capacity;
        this.maxRows = maxRows;
        this.highWater = capacity * 3L / 4;
        this.lowWater = capacity / 4L;
        this.thread = new Thread(this::loop, name);
    }

    /** The last failed commit, until a commit succeeds again. */
    public Optional<WriteFailure> failure() {
        return failure;
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues {@code work}; never blocks (called on event loops). A message larger than the whole capacity is still
     * taken when the queue is empty, so no message is refused forever.
     */
    Offer offer(Work work) {
        int rows = weight(work);
        long after = queuedRows.addAndGet(rows);
        if (after > capacity && after != rows) {
            queuedRows.addAndGet(-rows);
            return Offer.FULL;
        }
        queue.add(work);
        return after >= highWater ? Offer.QUEUED_ABOVE_HIGH_WATER : Offer.QUEUED;
    }

    private static int weight(Work w) {
        return Math.max(1, w.rows());
    }

    /** Runs {@code resume} once, on the writer thread, when the queue is next below its low-water mark. */
    void whenDrained(Runnable resume) {
        onLowWater.add(resume);
    }

    /** Messages waiting. */
    int depth() {
        return queue.size();
    }

    /** Rows waiting. */
    long queuedRows() {
        return queuedRows.get();
    }

    private void loop() {
        var batch = new ArrayList<Work>();
        while (running) {
            try {
                Work first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    drain(batch, first.rows());
                    try {
                        process(batch);
                    } finally {
                        queuedRows.addAndGet(
                                -batch.stream().mapToLong(CommitLoop::weight).sum());
                        batch.clear();
                    }
                }
                releasePaused();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("ingest writer: unexpected failure, continuing", e);
            }
        }
    }

    private void drain(List<Work> batch, int rows) {
        Work next;
        while (rows < maxRows && (next = queue.peek()) != null) {
            if (rows + next.rows() > maxRows && rows > 0) {
                break;
            }
            batch.add(queue.poll());
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
        // only stored samples prove the disk takes data again: on a full disk an NDEATH's update still fits in place
        if (failing && committed.samplesInserted() > 0) {
            log.info("ingest writer: database commits succeed again");
            failing = false;
            failure = Optional.empty();
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
        failure = Optional.of(new WriteFailure(
                String.valueOf(e.getMessage()), failure.map(f -> f.count() + 1).orElse(1L)));
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
        if (queuedRows.get() > lowWater) {
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
