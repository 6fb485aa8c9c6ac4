package io.vigil.hub.store.rollup;

import java.time.Duration;

/**
 * How the hub keeps its rollups ({@link Rollups}, {@link RollupJob}).
 *
 * @param interval pause between two passes of the job
 * @param settle how long after a minute ends before it is rolled up (rolling earlier is correct but wasted work,
 *     since late in-flight commits would make it roll again)
 * @param quiet a minute that received a commit less than this ago is left for a later pass (a back-fill streaming
 *     into one old minute would otherwise be re-aggregated on every pass)
 * @param maxWait ... but not longer than this since its oldest pending commit
 */
public record RollupSettings(Duration interval, Duration settle, Duration quiet, Duration maxWait) {
    public static final RollupSettings DEFAULT = new RollupSettings(
            Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));

    public RollupSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        for (var d : new Duration[] {settle, quiet, maxWait}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("settle, quiet and maxWait must not be negative, got " + d);
            }
        }
        if (maxWait.compareTo(quiet) < 0) {
            throw new IllegalArgumentException("maxWait " + maxWait + " must not be shorter than quiet " + quiet);
        }
    }

    /** Rolls every closed minute at once, however recently written (tests, benchmarks). */
    public static RollupSettings eager() {
        return new RollupSettings(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
