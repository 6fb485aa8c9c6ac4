package io.vigil.hub;

import io.vigil.hub.ingest.IngestSettings;
import io.vigil.hub.ingest.PayloadLimits;
import io.vigil.hub.store.write.CopyMode;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s ingest options: {@link IngestSettings}. */
final class IngestOptions {
    @Option(
            names = "--writers",
            description = "Ingest writer threads, each with its own database connection; an agent's connection is"
                    + " served by one of them.",
            defaultValue = "2")
    int writers;

    @Option(
            names = "--queue-rows",
            description = "Rows one writer may hold queued; above 3/4 of it the agents it serves are no longer read"
                    + " (TCP back-pressure) until it drains below 1/4.",
            defaultValue = "200000")
    int queueRows;

    @Option(
            names = "--batch-rows",
            description = "The most rows one writer commits in one transaction.",
            defaultValue = "20000")
    int batchRows;

    @Option(
            names = "--copy-mode",
            description =
                    "How samples reach their table: STAGED (COPY into a staging table, then INSERT ... ON CONFLICT"
                            + " DO NOTHING) or DIRECT (COPY into the table under a savepoint, STAGED only for a batch that"
                            + " holds a redelivery). Both store a redelivered sample once.",
            defaultValue = "DIRECT")
    CopyMode copyMode;

    @Option(
            names = "--max-metrics-per-message",
            description = "The most metrics one Sparkplug message may carry; a message with more is rejected whole"
                    + " (reason too_many_metrics) before any metric is decoded.",
            defaultValue = "10000")
    int maxMetricsPerMessage;

    @Option(
            names = "--max-series-per-node",
            description = "The most distinct series one edge node may define while the hub runs; a message that"
                    + " would pass it is rejected whole (reason series_limit).",
            defaultValue = "50000")
    int maxSeriesPerNode;

    IngestSettings settings() {
        return new IngestSettings(
                writers, queueRows, batchRows, copyMode, new PayloadLimits(maxMetricsPerMessage, maxSeriesPerNode));
    }
}
