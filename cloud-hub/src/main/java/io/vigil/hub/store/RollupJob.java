package io.vigil.hub.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link Rollups#refresh} on its own daemon thread every {@code interval}, from start; a failed pass is logged. */
public final class RollupJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);

    private final ScheduledExecutorService executor;

    public RollupJob(Rollups rollups, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "vigil-rollups");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> pass(rollups), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void pass(Rollups rollups) {
        try {
            rollups.refresh();
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
