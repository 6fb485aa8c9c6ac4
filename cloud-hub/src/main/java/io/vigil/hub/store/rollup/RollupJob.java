package io.vigil.hub.store.rollup;

import io.vigil.hub.store.BackgroundPass;
import java.time.Duration;

/** Runs {@link Rollups#refresh} on its own daemon thread every {@code interval}, from start; a failed pass is logged. */
public final class RollupJob implements AutoCloseable {
    private final BackgroundPass pass;

    public RollupJob(Rollups rollups, Duration interval) {
        pass = new BackgroundPass("vigil-rollups", Duration.ZERO, interval, rollups::refresh);
    }

    /** Stops scheduling and waits up to 30 s for a pass in progress. */
    @Override
    public void close() throws InterruptedException {
        pass.close();
    }
}
