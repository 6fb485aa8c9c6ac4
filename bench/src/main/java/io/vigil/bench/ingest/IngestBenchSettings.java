package io.vigil.bench.ingest;

import io.vigil.hub.store.write.CopyMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the ingest benchmark; see {@link IngestBenchCommand} for what each setting means.
 *
 * @param dataDir where the embedded PostgreSQL lives; empty: a temporary directory removed afterwards
 * @param db an external PostgreSQL instead of the embedded one
 * @param broker an external MQTT broker the agents publish to and the hub subscribes to (external broker mode); empty:
 *     the hub's embedded endpoint
 * @param brokerSessions with a broker, the MQTT sessions the hub consumes through
 * @param brokerReceiveMaximum with a broker, the hub's MQTT 5 receive maximum per session
 */
record IngestBenchSettings(
        Duration duration,
        Duration copyDuration,
        int connections,
        int tags,
        int samplesPerMessage,
        int inFlight,
        int writers,
        int batchRows,
        CopyMode copyMode,
        Duration progressEvery,
        Optional<Path> dataDir,
        Optional<String> db,
        Optional<URI> broker,
        int brokerSessions,
        int brokerReceiveMaximum) {

    IngestBenchSettings {
        positive("duration", duration);
        positive("copyDuration", copyDuration);
        positive("progressEvery", progressEvery);
        range("connections", connections, 1, 256);
        range("tags", tags, 1, 10_000);
        range("samplesPerMessage", samplesPerMessage, 1, 100_000);
        range("inFlight", inFlight, 1, 1_000);
        range("writers", writers, 1, 64);
        range("batchRows", batchRows, 1, 10_000_000);
        Objects.requireNonNull(copyMode, "copyMode");
        broker = broker == null ? Optional.empty() : broker;
        range("brokerSessions", brokerSessions, 1, 64);
        range("brokerReceiveMaximum", brokerReceiveMaximum, 1, 65_535);
        if (samplesPerMessage % tags != 0) {
            throw new IllegalArgumentException("samplesPerMessage " + samplesPerMessage + " must be a multiple of tags "
                    + tags + " (each message carries every tag at the same stamps)");
        }
    }

    int stampsPerMessage() {
        return samplesPerMessage / tags;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " must be positive");
        }
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " " + v + " is not in " + min + ".." + max);
        }
    }
}
