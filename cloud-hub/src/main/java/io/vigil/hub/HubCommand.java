package io.vigil.hub;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.IngestSettings;
import io.vigil.hub.store.CopyMode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil hub}: runs the hub until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(
        name = "hub",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs the hub: MQTT endpoint for agents (Sparkplug B), PostgreSQL storage, REST/WebSocket API and the twin.",
            "Runs until SIGTERM or Ctrl-C."
        })
public final class HubCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(HubCommand.class);

    @Option(names = "--host", description = "Address every listener binds to.", defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--http-port",
            description = "Port of REST, WebSocket and the twin (0 picks a free one).",
            defaultValue = "8080")
    int httpPort;

    @Option(
            names = "--mqtt-port",
            description = "Port of the MQTT endpoint agents publish to (0 picks a free one).",
            defaultValue = "1883")
    int mqttPort;

    @Option(
            names = "--data-dir",
            description = "Where the embedded PostgreSQL keeps its files (kept across restarts).",
            defaultValue = ".vigil/hub")
    Path dataDir;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description =
                    "External PostgreSQL/TimescaleDB, e.g. jdbc:postgresql://db:5432/vigil?user=vigil&password=..."
                            + " (default: the embedded PostgreSQL in --data-dir).")
    String db;

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
            defaultValue = "STAGED")
    CopyMode copyMode;

    @Option(
            names = "--broker",
            paramLabel = "URI",
            description = "External MQTT broker (tcp://HOST:PORT) to subscribe to, instead of running the embedded"
                    + " endpoint (--mqtt-port is then unused): persistent session, QoS 1, acknowledged after commit"
                    + " (default: the embedded endpoint).")
    URI broker;

    @Option(
            names = "--share-group",
            paramLabel = "NAME",
            description = "With --broker: consume data through the shared subscription $share/NAME/..., so hubs with"
                    + " the same group split the load (default: none, this hub takes every message).")
    String shareGroup;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "With --broker: MQTT client id of the persistent session and Sparkplug host id of"
                    + " spBv1.0/STATE/ID; keep it across restarts, unique per hub (default: vigil-hub-HOSTNAME).")
    String clientId;

    @Override
    public Integer call() throws InterruptedException {
        HubSettings settings;
        IngestSettings ingest;
        Optional<BrokerSettings> brokerSettings;
        try {
            settings = new HubSettings(host, httpPort, mqttPort, dataDir, Optional.ofNullable(db));
            ingest = new IngestSettings(writers, queueRows, batchRows, copyMode);
            brokerSettings = brokerSettings();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Hub hub = Hub.start(settings, ingest, brokerSettings, Clock.systemUTC());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping the hub");
                            hub.close();
                            stopped.countDown();
                        },
                        "vigil-hub-shutdown"));
        log.info("twin: {}", hub.httpUri());
        log.info("MQTT endpoint for agents: {}", hub.mqttUri());
        log.info("press Ctrl-C to stop");
        stopped.await();
        return ExitCodes.OK;
    }

    private Optional<BrokerSettings> brokerSettings() {
        if (broker == null) {
            if (shareGroup != null || clientId != null) {
                throw new IllegalArgumentException("--share-group and --client-id need --broker");
            }
            return Optional.empty();
        }
        String id = clientId != null ? clientId : "vigil-hub-" + SparkplugCodec.tagId(hostName());
        return Optional.of(new BrokerSettings(broker, Optional.ofNullable(shareGroup), id));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
