package io.vigil.hub.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hands one session's work to its {@link CommitLoop} in arrival order, on that session's own thread ({@code lane}). When the loop's
 * queue is full the work waits here until the loop drains below its low-water mark: the broker sends a session at most
 * its receive maximum of unacknowledged messages, so what waits here is bounded by that, and nothing is dropped.
 */
final class LoopFeed {
    private static final long DRAIN_RECHECK_MS = 500;

    private final ScheduledExecutorService lane;
    private final CommitLoop loop;
    private final ArrayDeque<Work> overflow = new ArrayDeque<>();
    private boolean waitingForDrain;

    LoopFeed(ScheduledExecutorService lane, CommitLoop loop) {
        this.lane = lane;
        this.loop = loop;
    }

    /** Must be called on {@code lane}. */
    void submit(Work work) {
        if (!overflow.isEmpty()) {
            overflow.add(work);
            return;
        }
        if (loop.offer(work) == CommitLoop.Offer.FULL) {
            overflow.add(work);
            awaitDrain();
        }
    }

    private void awaitDrain() {
        if (waitingForDrain) {
            return;
        }
        waitingForDrain = true;
        Runnable resume = () -> lane.execute(() -> {
            if (waitingForDrain) {
                waitingForDrain = false;
                feedOverflow();
            }
        });
        loop.whenDrained(resume);
        lane.schedule(resume, DRAIN_RECHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void feedOverflow() {
        while (!overflow.isEmpty()) {
            if (loop.offer(overflow.peek()) == CommitLoop.Offer.FULL) {
                awaitDrain();
                return;
            }
            overflow.poll();
        }
    }
}
