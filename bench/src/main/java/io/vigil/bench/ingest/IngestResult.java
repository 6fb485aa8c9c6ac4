package io.vigil.bench.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one {@code vigil bench ingest} run.
 *
 * @param seconds the load phase: from the first DDATA published to the last acknowledgement after publishing stopped
 * @param copy raw binary COPY into the same database, measured just before the load phase
 * @param jvmCpu CPU seconds this JVM (hub and load generator together) used in the load phase
 * @param postgresCpu CPU seconds the embedded PostgreSQL used in the load phase (0 for an external one)
 * @param publishedSamples samples in every DDATA sent
 * @param ackedSamples samples in every DDATA acknowledged (PUBACK)
 * @param storedSamples sample rows in the database after the run
 * @param lost acknowledged samples missing from the database (must be 0)
 * @param duplicated stored rows beyond the samples published (must be 0; the primary key forbids them)
 * @param outOfOrderAcks acknowledgements that did not come in publish order (must be 0)
 * @param ackP50Micros median publish-to-PUBACK latency
 * @param ackP99Micros 99th percentile publish-to-PUBACK latency: the commit latency an agent sees
 * @param ackMaxMicros worst publish-to-PUBACK latency
 */
record IngestResult(
        IngestBenchSettings settings,
        String database,
        double seconds,
        CopyProbe.Result copy,
        double jvmCpu,
        double postgresCpu,
        long publishedSamples,
        long ackedSamples,
        long storedSamples,
        long lost,
        long duplicated,
        long outOfOrderAcks,
        long ackP50Micros,
        long ackP99Micros,
        long ackMaxMicros) {

    double samplesPerSecond() {
        return storedSamples / seconds;
    }

    double ratio() {
        return samplesPerSecond() / copy.rowsPerSecond();
    }

    /** The JSON object printed as the last line, keys in a fixed order. */
    Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("bench", "ingest");
        m.put("samples_per_s", Math.round(samplesPerSecond()));
        m.put("copy_rows_per_s", Math.round(copy.rowsPerSecond()));
        m.put("ratio", round(ratio(), 3));
        m.put("lost", lost);
        m.put("duplicated", duplicated);
        m.put("commit_p99_ms", round(ackP99Micros / 1000.0, 1));
        m.put("commit_p50_ms", round(ackP50Micros / 1000.0, 1));
        m.put("commit_max_ms", round(ackMaxMicros / 1000.0, 1));
        m.put("duration_s", round(seconds, 2));
        m.put("copy_duration_s", round(copy.seconds(), 2));
        m.put("copy_cpu_jvm_s", round(copy.jvmCpu(), 1));
        m.put("copy_cpu_postgres_s", round(copy.postgresCpu(), 1));
        m.put("cpu_jvm_s", round(jvmCpu, 1));
        m.put("cpu_postgres_s", round(postgresCpu, 1));
        m.put("connections", settings.connections());
        m.put("writers", settings.writers());
        m.put("samples_per_message", settings.samplesPerMessage());
        m.put("in_flight", settings.inFlight());
        m.put("batch_rows", settings.batchRows());
        m.put("copy_mode", settings.copyMode().name());
        m.put("mqtt", settings.broker().map(b -> "broker " + b).orElse("embedded"));
        settings.broker().ifPresent(b -> {
            m.put("broker_sessions", settings.brokerSessions());
            m.put("broker_receive_maximum", settings.brokerReceiveMaximum());
        });
        m.put("published_samples", publishedSamples);
        m.put("acked_samples", ackedSamples);
        m.put("stored_samples", storedSamples);
        m.put("out_of_order_acks", outOfOrderAcks);
        m.put("database", database);
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        return m;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
