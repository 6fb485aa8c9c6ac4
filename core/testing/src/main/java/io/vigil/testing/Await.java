package io.vigil.testing;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/**
 * Bounded waits: every wait has a timeout and says what it waited for. Polls first after 5 ms, then backs off to
 * every 100 ms: quick conditions return quickly, and a condition that is an HTTP or JDBC look-up does not hammer a
 * server on a shared 2-core machine through a wait of a minute.
 */
public final class Await {
    private static final long FIRST_PAUSE_MS = 5;
    private static final long LONGEST_PAUSE_MS = 100;

    private Await() {}

    /** A condition that may throw, such as an HTTP or JDBC look-up. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} for up to {@code timeout}; whether it held (the last poll is after the deadline). */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause = sleep(pause);
        }
        return condition.getAsBoolean();
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} when it did not within {@code timeout}. */
    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionFailedError("waited " + timeout.toSeconds() + " s for: " + what);
            }
            pause = sleep(pause);
        }
    }

    /** The stage's result within 20 s, long enough for a connect or a read against a peer on a busy machine. */
    public static <T> T result(CompletionStage<T> stage) throws Exception {
        return result(stage, Duration.ofSeconds(20));
    }

    /**
     * The stage's result, as {@link java.util.concurrent.CompletableFuture#get} gives it: a failed stage throws an
     * {@link ExecutionException} whose cause is the failure (tests assert on that cause); a stage still running after
     * {@code timeout} fails naming the timeout.
     */
    public static <T> T result(CompletionStage<T> stage, Duration timeout) throws Exception {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionFailedError("the operation did not complete within " + timeout.toSeconds() + " s");
        }
    }

    /** Sleeps {@code ms} and returns the next pause. */
    private static long sleep(long ms) {
        try {
            Thread.sleep(ms);
            return Math.min(ms * 2, LONGEST_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting", e);
        }
    }
}
