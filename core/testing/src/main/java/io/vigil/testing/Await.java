package io.vigil.testing;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/**
 * Bounded waits: every wait has a timeout and says what it waited for. Polls every 20 ms, short against the
 * seconds-long timeouts the tests use, long enough not to busy-spin on a shared 2-core machine.
 */
public final class Await {
    private static final long POLL_MS = 20;

    private Await() {}

    /** A condition that may throw, such as an HTTP or JDBC look-up. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} for up to {@code timeout}; whether it held (the last poll is after the deadline). */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep();
        }
        return condition.getAsBoolean();
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} when it did not within {@code timeout}. */
    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionFailedError("waited " + timeout.toSeconds() + " s for: " + what);
            }
            sleep();
        }
    }

    /** The stage's result; its failure's cause is rethrown, a stage still running after {@code timeout} fails. */
    public static <T> T result(CompletionStage<T> stage, Duration timeout) throws Exception {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionFailedError("the operation did not complete within " + timeout.toSeconds() + " s");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting", e);
        }
    }
}
