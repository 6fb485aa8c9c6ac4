package io.vigil.bench.ingest;

import io.vigil.bench.BenchRun;
import io.vigil.core.cli.DurationConverter;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.store.write.CopyMode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench ingest}: end-to-end Sparkplug B ingest against raw binary COPY into the same database. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Starts a hub in this process (embedded PostgreSQL in a temporary directory, free ports), measures raw"
                    + " binary COPY of narrow sample rows into a scratch table of its database, then runs simulated"
                    + " agents publishing Sparkplug B DDATA at QoS 1 to it and counts what was committed.",
            "Progress goes to stderr; the figures are printed at the end (with --json: as one JSON object, the last"
                    + " line of stdout)."
        })
public final class IngestBenchCommand extends BenchRun {

    @Option(
            names = "--duration",
            description = "How long the agents publish.",
            defaultValue = "60s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(
            names = "--copy-duration",
            description = "How long raw COPY is measured first.",
            defaultValue = "10s",
            converter = DurationConverter.class)
    Duration copyDuration;

    @Option(names = "--connections", description = "Simulated agents, one MQTT connection each.", defaultValue = "4")
    int connections;

    @Option(names = "--tags", description = "Tags (series) per agent.", defaultValue = "100")
    int tags;

    @Option(
            names = "--samples-per-message",
            description = "Samples in one DDATA: every tag at samples/tags timestamps, 1 ms apart.",
            defaultValue = "1000")
    int samplesPerMessage;

    @Option(
            names = "--in-flight",
            description = "Unacknowledged DDATA each agent keeps outstanding.",
            defaultValue = "8")
    int inFlight;

    @Option(names = "--writers", description = "The hub's ingest writers (database connections).", defaultValue = "2")
    int writers;

    @Option(
            names = "--batch-rows",
            description = "Rows per transaction: the hub's largest batch, and each raw COPY's size.",
            defaultValue = "20000")
    int batchRows;

    @Option(
            names = "--copy-mode",
            description = "The hub's copy mode: STAGED (COPY into a staging table, then INSERT ... ON CONFLICT DO"
                    + " NOTHING) or DIRECT (COPY into samples under a savepoint, STAGED only for a redelivery).",
            defaultValue = "DIRECT")
    CopyMode copyMode;

    @Option(
            names = "--progress-every",
            description = "Interval of the progress lines on stderr.",
            defaultValue = "5s",
            converter = DurationConverter.class)
    Duration progressEvery;

    @Option(
            names = "--data-dir",
            description = "Directory for the embedded PostgreSQL (must not hold samples yet)"
                    + " (default: a temporary directory, removed afterwards).")
    Path dataDir;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "An external, empty PostgreSQL/TimescaleDB instead of the embedded one.")
    String db;

    @Option(
            names = "--broker",
            paramLabel = "URI",
            description = "External broker mode: agents publish to this running broker (tcp://HOST:PORT, e.g. Mosquitto"
                    + " with max_queued_messages and max_inflight_messages raised) and the hub subscribes to it;"
                    + " commit_*_ms is then publish -> broker PUBACK, and rows are counted once the hub has drained"
                    + " (default: the hub's embedded endpoint).")
    URI broker;

    @Option(
            names = "--broker-sessions",
            paramLabel = "N",
            description = "With --broker: MQTT 5 sessions the hub consumes through (see vigil hub --broker-sessions).",
            defaultValue = "" + BrokerSettings.DEFAULT_SESSIONS)
    int brokerSessions;

    @Option(
            names = "--broker-receive-maximum",
            paramLabel = "N",
            description = "With --broker: the hub's MQTT 5 receive maximum per session (see vigil hub).",
            defaultValue = "" + BrokerSettings.DEFAULT_RECEIVE_MAXIMUM)
    int brokerReceiveMaximum;

    private IngestBenchSettings settings;

    @Override
    protected void check() {
        settings = new IngestBenchSettings(
                duration,
                copyDuration,
                connections,
                tags,
                samplesPerMessage,
                inFlight,
                writers,
                batchRows,
                copyMode,
                progressEvery,
                Optional.ofNullable(dataDir),
                Optional.ofNullable(db),
                Optional.ofNullable(broker),
                brokerSessions,
                brokerReceiveMaximum);
    }

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        return new IngestBench(settings, progress).run().asMap();
    }
}
