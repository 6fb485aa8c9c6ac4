package io.vigil.adapters.scan;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Keeps frames to one host at least {@code gap} apart, whatever connection or probe sends them. */
public final class Pacer {
    /** Waits; {@link Thread#sleep} in production, a clock advance in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Duration gap;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant last;

    public Pacer(Duration gap, Clock clock, Sleeper sleeper) {
        this.gap = gap;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Returns once the next frame may go; records it as sent now. */
    public synchronized void awaitTurn() throws InterruptedException {
        if (last != null) {
            Duration wait = Duration.between(clock.instant(), last.plus(gap));
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
        last = clock.instant();
    }

    /** {@link #awaitTurn} before a write: an interrupt ends the probe as an I/O failure (the flag stays set). */
    void pace() throws IOException {
        try {
            awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pacing", e);
        }
    }
}
