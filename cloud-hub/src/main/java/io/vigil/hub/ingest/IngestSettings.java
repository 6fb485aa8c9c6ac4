package io.vigil.hub.ingest;

import io.vigil.hub.store.write.CopyMode;
import java.util.Objects;

/**
 * How the hub writes what agents publish.
 *
 * @param writers writer threads, each with its own database connection and queue; an MQTT connection is served by
 *     one writer for its whole life, so its acknowledgements stay in the order it published
 * @param queueRows rows one writer may hold queued; above 3/4 of it the MQTT connections it serves stop being read,
 *     below 1/4 they are read again, and a QoS 1 message that finds it full closes its connection (redelivered later)
 * @param batchRows the most rows one transaction takes
 * @param copyMode how samples reach their table (see {@link CopyMode})
 * @param limits how many metrics one message and how many series one edge node may bring
 */
public record IngestSettings(int writers, int queueRows, int batchRows, CopyMode copyMode, PayloadLimits limits) {
    public static final IngestSettings DEFAULT = new IngestSettings(2, 200_000, 20_000, CopyMode.DIRECT);

    /** Settings with the default {@link PayloadLimits}. */
    public IngestSettings(int writers, int queueRows, int batchRows, CopyMode copyMode) {
        this(writers, queueRows, batchRows, copyMode, PayloadLimits.DEFAULT);
    }

    public IngestSettings {
        Objects.requireNonNull(copyMode, "copyMode");
        Objects.requireNonNull(limits, "limits");
        if (writers < 1 || writers > 64) {
            throw new IllegalArgumentException("writers " + writers + " is not in 1..64");
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows " + batchRows + " must be at least 1");
        }
        if (queueRows < 4 || queueRows < batchRows) {
            throw new IllegalArgumentException(
                    "queueRows " + queueRows + " must be at least 4 and at least batchRows (" + batchRows + ")");
        }
    }

    public IngestSettings withWriters(int n) {
        return new IngestSettings(n, queueRows, batchRows, copyMode, limits);
    }

    public IngestSettings withBatchRows(int n) {
        return new IngestSettings(writers, Math.max(queueRows, n), n, copyMode, limits);
    }

    public IngestSettings withCopyMode(CopyMode mode) {
        return new IngestSettings(writers, queueRows, batchRows, mode, limits);
    }

    public IngestSettings withLimits(PayloadLimits l) {
        return new IngestSettings(writers, queueRows, batchRows, copyMode, l);
    }
}
