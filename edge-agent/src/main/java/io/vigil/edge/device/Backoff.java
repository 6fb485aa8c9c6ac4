package io.vigil.edge.device;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for reconnect loops: 1 s doubling to 30 s by default, each delay drawn uniformly
 * from [50 %, 100 %] of the nominal one, so that a plant's worth of agents coming back after a network outage does
 * not reconnect in lockstep. The random source is injected so tests get exact delays.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration nominal;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: initial " + initial + " must be > 0 and <= max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
        this.nominal = initial;
    }

    /** 1 s doubling to 30 s with {@link Math#random()} jitter. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Math::random);
    }

    /** The delay before the next attempt; each call doubles the nominal delay up to the maximum. */
    public synchronized Duration next() {
        Duration current = nominal;
        nominal = nominal.multipliedBy(2).compareTo(max) > 0 ? max : nominal.multipliedBy(2);
        long millis = current.toMillis();
        return Duration.ofMillis(millis / 2 + Math.round(millis / 2.0 * random.getAsDouble()));
    }

    /** Back to the initial delay, after a success. */
    public synchronized void reset() {
        nominal = initial;
    }
}
