package io.vigil.hub;

import io.vigil.hub.store.schema.StorageSettings;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s retention and partition options: {@link StorageSettings}. */
final class StorageOptions {
    @Option(
            names = "--retention-days",
            paramLabel = "DAYS",
            description = "Keep raw samples and scores this many whole UTC days, then drop them by the day (plain"
                    + " PostgreSQL: its daily partitions; TimescaleDB: a retention policy); 0 keeps them forever.",
            defaultValue = "0")
    int retentionDays;

    @Option(
            names = "--rollup-1m-retention-days",
            paramLabel = "DAYS",
            description = "Keep the per-minute rollups this many days; 0 keeps them forever. Must be 0 or at least"
                    + " --retention-days (history older than the raw samples is answered from the rollups).",
            defaultValue = "0")
    int minuteRollupDays;

    @Option(
            names = "--rollup-1h-retention-days",
            paramLabel = "DAYS",
            description = "Keep the per-hour rollups this many days; 0 keeps them forever. Must be 0 or at least"
                    + " --rollup-1m-retention-days.",
            defaultValue = "0")
    int hourRollupDays;

    @Option(
            names = "--partitions-ahead",
            paramLabel = "DAYS",
            description = "Plain PostgreSQL: daily partitions kept ready after today (checked every hour).",
            defaultValue = "2")
    int partitionsAhead;

    /** The settings; a refusal names the options as given, since the record names its fields. */
    StorageSettings settings() {
        try {
            return new StorageSettings(
                    retentionDays,
                    minuteRollupDays,
                    hourRollupDays,
                    partitionsAhead,
                    StorageSettings.DEFAULT.interval());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (given --retention-days " + retentionDays
                    + ", --rollup-1m-retention-days " + minuteRollupDays + ", --rollup-1h-retention-days "
                    + hourRollupDays + ", --partitions-ahead " + partitionsAhead + ")");
        }
    }
}
