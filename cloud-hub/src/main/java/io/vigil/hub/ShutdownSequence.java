package io.vigil.hub;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a hub has started, stopped in the reverse order: each part registers its stop as soon as it runs, so a start
 * that fails half-way stops exactly what it had started, and {@link Hub#close} stops the rest the same way. A stop
 * that fails is logged and the next one still runs, so closing never throws.
 */
final class ShutdownSequence {
    private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);
    private static final int STOP_TIMEOUT_S = 10;

    interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {}

    private final Deque<Named> steps = new ArrayDeque<>();

    /** Registers how to stop {@code what}, which has just started. */
    synchronized void add(String what, Step stop) {
        steps.push(new Named(what, stop));
    }

    /** Registers a stop that completes a Vert.x future, waited for at most 10 s. */
    void addAsync(String what, AsyncStep stop) {
        add(what, () -> stop.run().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS));
    }

    interface AsyncStep {
        Future<Void> run();
    }

    /** Stops every registered part, the last started first. */
    void run() {
        Named next;
        while ((next = poll()) != null) {
            try {
                next.step().run();
            } catch (Exception e) {
                log.warn("stopping the {} failed: {}", next.what(), e.toString());
            }
        }
    }

    private synchronized Named poll() {
        return steps.poll();
    }
}
