package io.vigil.hub.store.schema;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How long the hub keeps what it stores, and how far ahead it lays out time partitions ({@link PartitionKeeper}).
 * Days are UTC days; 0 keeps forever. A rollup table is rebuilt from the finer one below it, so it must be kept at
 * least as long: raw samples ≤ minute rollups ≤ hour rollups (0 counting as forever).
 *
 * @param retentionDays raw samples and scores: whole days older than this are dropped (0: keep forever)
 * @param minuteRollupDays rows of {@code samples_1m} older than this are deleted (0: keep forever)
 * @param hourRollupDays rows of {@code samples_1h} older than this are deleted (0: keep forever)
 * @param daysAhead daily partitions kept ready after today, so ingest never waits for one to be made
 * @param interval pause between two passes of the keeper
 */
public record StorageSettings(
        int retentionDays, int minuteRollupDays, int hourRollupDays, int daysAhead, Duration interval) {
    public static final StorageSettings DEFAULT = new StorageSettings(0, 0, 0, 2, Duration.ofHours(1));

    public StorageSettings {
        nonNegative("retentionDays", retentionDays);
        nonNegative("minuteRollupDays", minuteRollupDays);
        nonNegative("hourRollupDays", hourRollupDays);
        if (daysAhead < 1 || daysAhead > 366) {
            throw new IllegalArgumentException("daysAhead " + daysAhead + " is not in 1..366");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        if (shorter(minuteRollupDays, retentionDays)) {
            throw new IllegalArgumentException("minuteRollupDays " + minuteRollupDays
                    + " must be 0 (forever) or at least retentionDays (" + days(retentionDays) + ")");
        }
        if (shorter(hourRollupDays, minuteRollupDays)) {
            throw new IllegalArgumentException("hourRollupDays " + hourRollupDays
                    + " must be 0 (forever) or at least minuteRollupDays (" + days(minuteRollupDays) + ")");
        }
    }

    /** Keeps raw data {@code days} days, the rollups forever. */
    public StorageSettings withRetentionDays(int days) {
        return new StorageSettings(days, minuteRollupDays, hourRollupDays, daysAhead, interval);
    }

    /** The start of the oldest UTC day of raw samples kept at {@code now}; empty when raw samples are kept forever. */
    public Optional<Instant> sampleCutoff(Instant now) {
        return cutoff(now, retentionDays);
    }

    Optional<Instant> minuteCutoff(Instant now) {
        return cutoff(now, minuteRollupDays);
    }

    Optional<Instant> hourCutoff(Instant now) {
        return cutoff(now, hourRollupDays);
    }

    static Optional<Instant> cutoff(Instant now, int days) {
        return days == 0
                ? Optional.empty()
                : Optional.of(now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days)));
    }

    private static String days(int days) {
        return days == 0 ? "0, forever" : String.valueOf(days);
    }

    private static boolean shorter(int days, int than) {
        return days != 0 && (than == 0 || days < than);
    }

    private static void nonNegative(String name, int days) {
        if (days < 0) {
            throw new IllegalArgumentException(name + " " + days + " must not be negative (0 keeps forever)");
        }
    }
}
