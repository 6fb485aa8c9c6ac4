package io.vigil.hub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vigil.core.cli.UsageException;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.HubTotals;
import io.vigil.core.hub.RunningHub;
import io.vigil.hub.cluster.HubCluster;
import io.vigil.hub.ingest.CommitLoops;
import io.vigil.hub.ingest.IngestMetrics;
import io.vigil.hub.live.LiveFeed;
import io.vigil.hub.security.HubSecurity;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.query.LatestValues;
import io.vigil.hub.store.schema.TimeSeriesLayout;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub, assembled from a {@link HubConfiguration} in named parts: {@code HubStorage} (database, schema, read pool,
 * background jobs), the cluster membership when there is one, {@code HubIngestion} (writers fed by the embedded MQTT
 * endpoint or an external broker) and {@code HubHttp} (REST, models, the live WebSocket and the twin). {@link #start}
 * returns once all of it accepts connections; {@link #close} stops it in the reverse order (listeners first, so
 * nothing is acknowledged after the writers stop) and never throws.
 */
public final class Hub implements RunningHub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final HubStorage storage;
    private final Optional<HubCluster> cluster;
    private final URI httpUri;
    private final URI mqttUri;
    private final ShutdownSequence stops;

    private Hub(HubStorage storage, Optional<HubCluster> cluster, URI httpUri, URI mqttUri, ShutdownSequence stops) {
        this.storage = storage;
        this.cluster = cluster;
        this.httpUri = httpUri;
        this.mqttUri = mqttUri;
        this.stops = stops;
    }

    /** Starts a hub with every concern but {@code settings} at its default ({@link HubConfiguration#of}). */
    public static Hub start(HubSettings settings) {
        return start(HubConfiguration.of(settings), Clock.systemUTC());
    }

    /**
     * Starts every part; on failure stops what was started and throws (a {@link UsageException} for a busy port). With
     * a broker, the security settings' login applies to HTTP; MQTT TLS does not (the broker authenticates agents).
     * With a cluster, the hub is one node of hubs that share the broker's subscription and one external database, its
     * live feed reaching the WebSocket clients of every node; Hazelcast is loaded only then.
     */
    public static Hub start(HubConfiguration config, Clock clock) {
        Listeners.checkFree(config.listen(), config.broker().isEmpty());
        var security = HubSecurity.create(config.security(), clock);
        var stops = new ShutdownSequence();
        try {
            return assemble(config, security, clock, stops);
        } catch (RuntimeException e) {
            stops.run();
            throw e;
        }
    }

    private static Hub assemble(HubConfiguration config, HubSecurity security, Clock clock, ShutdownSequence stops) {
        var storage = HubStorage.open(config.database(), config.storage(), clock, stops);
        var latest = LatestValues.of(storage.queries().latestSnapshot());
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new IngestMetrics(registry);
        storage.registerMetrics(registry);
        var live = new LiveFeed(latest);
        var cluster = config.cluster()
                .map(c -> HubCluster.join(c, config.broker().orElseThrow().sessionIds()));
        Vertx vertx = cluster.map(HubCluster::vertx).orElseGet(Vertx::vertx);
        stops.addAsync("Vert.x", vertx::close);
        cluster.ifPresent(c -> c.relay(live, latest));
        var loops = new CommitLoops(
                config.ingest(), i -> storage.writer(config.ingest().copyMode()), List.of(latest, live), metrics);
        stops.add("ingest writers", loops::close);
        loops.start();
        var ingestion = config.broker().isPresent()
                ? HubIngestion.broker(
                        config.broker().get(), config.ingest().limits(), cluster, loops, metrics, clock, stops)
                : HubIngestion.embedded(
                        config.listen(), config.ingest().limits(), vertx, loops, metrics, security, clock, stops);
        URI httpUri = HubHttp.secured(vertx, security)
                .live(live)
                .control(ingestion)
                .models(vertx, storage, config.database().dataDir(), clock)
                .labels(vertx, storage, clock)
                .api(vertx, storage, latest, ingestion, loops, registry, clock)
                .listen(vertx, config.listen(), security, stops);
        log.info(
                "hub running: twin {} , MQTT {} , database {} ({}), {} writer(s), {}",
                httpUri,
                ingestion.uri(),
                storage.database().describe(),
                storage.layout(),
                loops.size(),
                security.describe());
        return new Hub(storage, cluster, httpUri, ingestion.uri(), stops);
    }

    @Override
    public URI httpUri() {
        return httpUri;
    }

    @Override
    public URI mqttUri() {
        return mqttUri;
    }

    /** The database's JDBC URL (credentials included: do not log it; see {@link Database#describe()}). */
    public String jdbcUrl() {
        return storage.database().jdbcUrl();
    }

    /** Which time-series layout the database got: TimescaleDB hypertables or plain tables with BRIN indexes. */
    public TimeSeriesLayout.Kind layout() {
        return storage.layout();
    }

    /** This hub's node id in the cluster; empty when it runs alone. */
    public Optional<String> clusterNode() {
        return cluster.map(HubCluster::nodeId);
    }

    @Override
    public HubTotals totals() {
        return storage.queries().totals();
    }

    @Override
    public void close() {
        stops.run();
        log.info("hub stopped");
    }
}
