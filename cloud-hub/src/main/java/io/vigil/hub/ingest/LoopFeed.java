package io.vigil.hub.ingest;

import io.vertx.core.Context;
import java.util.ArrayDeque;

/**
 * Hands one session's work to its {@link CommitLoop} in arrival order, on that session's context. When the loop's
 * queue is full the work waits here until the loop drains below its low-water mark: the broker sends a session at most
 * its receive maximum of unacknowledged messages, so what waits here is bounded by that, and nothing is dropped.
 */
final class LoopFeed {
    private static final long DRAIN_RECHECK_MS = 500;

    private final Context context;
    private final CommitLoop loop;
    private final ArrayDeque<Work> overflow = new ArrayDeque<>();
    private boolean waitingForDrain;

    LoopFeed(Context context, CommitLoop loop) {
        this.context = context;
        this.loop = loop;
    }

    /** Must be called on {@code context}. */
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
        Runnable resume = () -> context.runOnContext(v -> {
            if (waitingForDrain) {
                waitingForDrain = false;
                feedOverflow();
            }
        });
        loop.whenDrained(resume);
        context.owner().setTimer(DRAIN_RECHECK_MS, t -> resume.run());
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
