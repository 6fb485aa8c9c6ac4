package io.vigil.hub.ingest;

/**
 * How the hub writes what agents publish.
 *
 * @param writers writer threads, each with its own database connection and queue; an MQTT connection is served by
 *     one writer for its whole life, so its acknowledgements stay in the order it published
 * @param queueRows rows one writer may hold queued; above 3/4 of it the MQTT connections it serves stop being read,
 *     below 1/4 they are read again, and a QoS 1 message that finds it full closes its connection (redelivered later)
 * @param batchRows the most rows one transaction takes
 */
public record IngestSettings(int writers, int queueRows, int batchRows) {
    public static final IngestSettings DEFAULT = new IngestSettings(2, 200_000, 20_000);

    public IngestSettings {
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
        return new IngestSettings(n, queueRows, batchRows);
    }

    public IngestSettings withBatchRows(int n) {
        return new IngestSettings(writers, Math.max(queueRows, n), n);
    }
}
