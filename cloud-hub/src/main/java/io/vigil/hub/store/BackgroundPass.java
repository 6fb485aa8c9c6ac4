package io.vigil.hub.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a blocking pass on its own daemon thread every {@code interval} (a fixed delay between the end of one and the
 * start of the next), the first after {@code initialDelay}; a failed pass is logged and retried at the next one.
 */
public final class BackgroundPass implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundPass.class);

    private final ScheduledExecutorService executor;

    public BackgroundPass(String threadName, Duration initialDelay, Duration interval, Runnable pass) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> run(pass), initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void run(Runnable pass) {
        try {
            pass.run();
        } catch (RuntimeException e) {
            log.warn("{} (retrying at the next pass)", e.getMessage());
        }
    }

    /** Stops scheduling and waits up to 30 s for a pass in progress. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
