package io.vigil.hub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vigil.core.cli.UsageException;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.HubTotals;
import io.vigil.core.hub.RunningHub;
import io.vigil.hub.api.ApiRoutes;
import io.vigil.hub.api.ControlRoutes;
import io.vigil.hub.cluster.ClusterSettings;
import io.vigil.hub.cluster.HubCluster;
import io.vigil.hub.ingest.BrokerIngest;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.CommitLoops;
import io.vigil.hub.ingest.IngestMetrics;
import io.vigil.hub.ingest.IngestSettings;
import io.vigil.hub.ingest.MqttIngest;
import io.vigil.hub.live.LiveFeed;
import io.vigil.hub.models.ModelRegistry;
import io.vigil.hub.models.ModelRoutes;
import io.vigil.hub.models.PackageStore;
import io.vigil.hub.models.UploadCheck;
import io.vigil.hub.security.HubSecurity;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.store.BackgroundPass;
import io.vigil.hub.store.ChangeWriter;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.HubQueries;
import io.vigil.hub.store.LatestValues;
import io.vigil.hub.store.Migrator;
import io.vigil.hub.store.PartitionKeeper;
import io.vigil.hub.store.PartitionMetrics;
import io.vigil.hub.store.Presence;
import io.vigil.hub.store.RollupJob;
import io.vigil.hub.store.RollupSettings;
import io.vigil.hub.store.Rollups;
import io.vigil.hub.store.StorageSettings;
import io.vigil.hub.store.TimeSeriesLayout;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: database (embedded or external) with its schema, the MQTT endpoint with its writer thread, and the
 * HTTP(S) server with REST, metrics, the live WebSocket and the twin. {@link #start} returns once all of it accepts
 * connections; {@link #close} stops it in the reverse order (listeners first, so nothing is acknowledged after the
 * writer stops) and never throws.
 */
public final class Hub implements RunningHub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final int READ_POOL_SIZE = 8;

    private Database database;
    private ConnectionPool pool;
    private HubQueries queries;
    private Vertx vertx;
    private CommitLoops loops;
    private RollupJob rollups;
    private PartitionKeeper keeper;
    private BackgroundPass keeperJob;
    private MqttIngest ingest;
    private BrokerIngest broker;
    private Optional<BrokerSettings> brokerSettings = Optional.empty();
    private Optional<ClusterSettings> clusterSettings = Optional.empty();
    private HubCluster cluster;
    private HttpServer http;
    private URI httpUri;
    private URI mqttUri;
    private TimeSeriesLayout.Kind layout;

    private Hub() {}

    public static Hub start(HubSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    public static Hub start(HubSettings settings, Clock clock) {
        return start(settings, IngestSettings.DEFAULT, clock);
    }

    /** Starts every part with login off and plain MQTT ({@link SecuritySettings#OFF}). */
    public static Hub start(HubSettings settings, IngestSettings ingestSettings, Clock clock) {
        return start(settings, ingestSettings, SecuritySettings.OFF, Optional.empty(), clock);
    }

    /** Starts every part with the given security, the MQTT side being the embedded endpoint. */
    public static Hub start(
            HubSettings settings, IngestSettings ingestSettings, SecuritySettings securitySettings, Clock clock) {
        return start(settings, ingestSettings, securitySettings, Optional.empty(), clock);
    }

    /** Starts every part with login off, the MQTT side being the embedded endpoint or an external broker. */
    public static Hub start(
            HubSettings settings, IngestSettings ingestSettings, Optional<BrokerSettings> broker, Clock clock) {
        return start(settings, ingestSettings, SecuritySettings.OFF, broker, clock);
    }

    /**
     * Starts every part, with the MQTT side either the embedded endpoint ({@code broker} empty) or a subscriber of an
     * external broker; on failure stops what was started and throws (a {@link UsageException} for a busy port). With
     * a broker, the security settings' login applies to HTTP; MQTT TLS does not (the broker authenticates agents).
     */
    public static Hub start(
            HubSettings settings,
            IngestSettings ingestSettings,
            SecuritySettings securitySettings,
            Optional<BrokerSettings> broker,
            Clock clock) {
        return start(settings, ingestSettings, securitySettings, broker, Optional.empty(), clock);
    }

    /**
     * Starts every part as above; with {@code cluster} present, as one node of a cluster of hubs that share the
     * broker's subscription (a share group is required) and one external database (required), its live feed reaching
     * the WebSocket clients of every node. Hazelcast is loaded only then.
     */
    public static Hub start(
            HubSettings settings,
            IngestSettings ingestSettings,
            SecuritySettings securitySettings,
            Optional<BrokerSettings> broker,
            Optional<ClusterSettings> cluster,
            Clock clock) {
        return start(settings, ingestSettings, securitySettings, broker, cluster, StorageSettings.DEFAULT, clock);
    }

    /** Starts every part as above, keeping stored data as long as {@code storage} says (partitions, retention). */
    public static Hub start(
            HubSettings settings,
            IngestSettings ingestSettings,
            SecuritySettings securitySettings,
            Optional<BrokerSettings> broker,
            Optional<ClusterSettings> cluster,
            StorageSettings storage,
            Clock clock) {
        if (cluster.isPresent()) {
            checkClusterable(settings, broker);
        }
        if (broker.isPresent() && securitySettings.mqttTls()) {
            throw new IllegalArgumentException(
                    "securitySettings.mqttTls true does not apply with an external broker (the broker authenticates"
                            + " agents)");
        }
        checkPortFree(settings.host(), settings.httpPort(), "HTTP (REST, WebSocket and twin)", "--http-port");
        if (broker.isEmpty()) {
            checkPortFree(settings.host(), settings.mqttPort(), "MQTT (agents)", "--mqtt-port");
        }
        var security = HubSecurity.create(securitySettings, clock);
        var hub = new Hub();
        hub.brokerSettings = broker;
        hub.clusterSettings = cluster;
        try {
            hub.startAll(settings, ingestSettings, security, storage, clock);
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    private static void checkClusterable(HubSettings settings, Optional<BrokerSettings> broker) {
        if (broker.isEmpty() || broker.get().shareGroup().isEmpty()) {
            throw new UsageException("a cluster needs an external broker with a share group (--broker URI"
                    + " --share-group NAME): the hubs split the agents' data through its shared subscription");
        }
        if (settings.dbUrl().isEmpty()) {
            throw new UsageException("a cluster needs one external PostgreSQL for every hub (--db JDBC_URL): an"
                    + " embedded database would give each hub its own");
        }
    }

    private void startAll(
            HubSettings settings,
            IngestSettings ingestSettings,
            HubSecurity security,
            StorageSettings storage,
            Clock clock) {
        database = Database.open(settings.dbUrl(), settings.dataDir());
        List<Integer> applied = new Migrator().migrate(database.dataSource());
        log.info(
                "schema {}",
                applied.isEmpty() ? "is current" : "migrated to version " + applied.get(applied.size() - 1));
        layout = TimeSeriesLayout.apply(database.dataSource(), storage);
        pool = new ConnectionPool(database.dataSource(), READ_POOL_SIZE, database.describe());
        var rollupSource = TimeSeriesLayout.rollups(layout);
        queries = new HubQueries(pool, Optional.of(rollupSource));
        if (rollupSource.dirtyTracked()) {
            rollups = new RollupJob(
                    new Rollups(database.dataSource(), clock, RollupSettings.DEFAULT, storage),
                    RollupSettings.DEFAULT.interval());
        }
        if (layout == TimeSeriesLayout.Kind.PLAIN) {
            keeper = new PartitionKeeper(database.dataSource(), clock, storage, TimeSeriesLayout.TIME_TABLES);
            try {
                keeper.pass(); // today's partitions before the first write; the next passes on their own thread
            } catch (RuntimeException e) {
                log.warn(
                        "{} (the default partition takes the rows meanwhile; retrying at the next pass)",
                        e.getMessage());
            }
            keeperJob = new BackgroundPass("vigil-partitions", storage.interval(), storage.interval(), keeper::pass);
        }
        var presence = new Presence();
        try (var writer = new ChangeWriter(database.dataSource(), clock, presence)) {
            writer.markAllOffline();
        }
        var latest = LatestValues.of(queries.latestSnapshot());
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new IngestMetrics(registry);
        if (keeper != null) {
            PartitionMetrics.register(registry, keeper);
        }
        var live = new LiveFeed(latest);
        if (clusterSettings.isPresent()) {
            cluster = HubCluster.join(
                    clusterSettings.get(), brokerSettings.orElseThrow().sessionIds());
            vertx = cluster.vertx();
            cluster.relay(live, latest);
        } else {
            vertx = Vertx.vertx();
        }
        loops = new CommitLoops(
                ingestSettings,
                i -> new ChangeWriter(
                        database.dataSource(), clock, presence, ingestSettings.copyMode(), rollupSource.dirtyTracked()),
                List.of(latest, live),
                metrics);
        loops.start();
        IntSupplier mqttClients;
        Predicate<String> rebirth;
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        if (brokerSettings.isPresent()) {
            broker = new BrokerIngest(loops, metrics, clock, brokerSettings.get());
            awaitStarted(broker.start());
            if (cluster != null) {
                cluster.drainSessionsOfLeavers(broker::drain);
            }
            mqttClients = broker::clients;
            rebirth = broker::requestRebirth;
            mqttUri = brokerSettings.get().broker();
        } else {
            ingest = new MqttIngest(vertx, loops, metrics, clock).gate(security.mqttGate());
            int mqttPort =
                    await(ingest.listen(settings.host(), settings.mqttPort()), settings, settings.mqttPort(), "MQTT");
            mqttClients = ingest::clients;
            rebirth = ingest::requestRebirth;
            mqttUri = URI.create((security.settings().mqttTls() ? "ssl://" : "tcp://") + host + ":" + mqttPort);
        }
        var router = Router.router(vertx);
        security.mount(vertx, router);
        live.mount(router);
        new ControlRoutes(rebirth).mount(router);
        var packages = new PackageStore(settings.dataDir().resolve("models"));
        new ModelRoutes(
                        vertx,
                        new ModelRegistry(pool, packages, clock),
                        new UploadCheck(packages.scratch(), ModelRoutes.MAX_PACKAGE_BYTES))
                .mount(router);
        new ApiRoutes(vertx, queries, latest, mqttClients, registry, clock).mount(router);
        security.checkClassified(router);
        http = vertx.createHttpServer(security.httpOptions(
                        new HttpServerOptions().setHost(settings.host()).setPort(settings.httpPort())))
                .requestHandler(router);
        int httpPort = await(http.listen().map(HttpServer::actualPort), settings, settings.httpPort(), "HTTP");
        httpUri = URI.create((security.https() ? "https://" : "http://") + host + ":" + httpPort + "/");
        log.info(
                "hub running: twin {} , MQTT {} , database {} ({}), {} writer(s), {}",
                httpUri,
                mqttUri,
                database.describe(),
                layout,
                loops.size(),
                security.describe());
    }

    private static void awaitStarted(Future<Void> started) {
        try {
            started.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the broker", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not accept the subscription within 30 s", e);
        }
    }

    private static void checkPortFree(String host, int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw portInUse(host, port, what, option, e);
        }
    }

    private static UsageException portInUse(String host, int port, String what, String option, Throwable cause) {
        return new UsageException(what + " port " + port + " on " + host + " is not available (" + cause.getMessage()
                + "); is another hub running? choose another with " + option);
    }

    private static int await(Future<Integer> listen, HubSettings settings, int port, String what) {
        try {
            return listen.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BindException) {
                String option = what.equals("MQTT") ? "--mqtt-port" : "--http-port";
                throw portInUse(settings.host(), port, what, option, e.getCause());
            }
            throw new IllegalStateException("cannot start the " + what + " listener: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the " + what + " listener", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + what + " listener did not start within 30 s", e);
        }
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
        return database.jdbcUrl();
    }

    /** Which time-series layout the database got: TimescaleDB hypertables or plain tables with BRIN indexes. */
    public TimeSeriesLayout.Kind layout() {
        return layout;
    }

    /** This hub's node id in the cluster; empty when it runs alone. */
    public Optional<String> clusterNode() {
        return cluster == null ? Optional.empty() : Optional.of(cluster.nodeId());
    }

    @Override
    public HubTotals totals() {
        return queries.totals();
    }

    @Override
    public void close() {
        if (ingest != null) {
            quietly("MQTT listener", () -> await(ingest.close()));
        }
        if (broker != null) {
            quietly("broker subscription", () -> await(broker.close()));
        }
        if (http != null) {
            quietly("HTTP listener", () -> await(http.close()));
        }
        if (loops != null) {
            quietly("ingest writers", loops::close);
        }
        if (rollups != null) {
            quietly("rollup job", rollups::close);
        }
        if (keeperJob != null) {
            quietly("partition keeper", keeperJob::close);
        }
        if (pool != null) {
            quietly("connection pool", pool::close);
        }
        if (vertx != null) {
            quietly("Vert.x", () -> await(vertx.close()));
        }
        if (database != null) {
            quietly("database", database::close);
        }
        log.info("hub stopped");
    }

    private static void await(Future<Void> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("stopping the {} failed: {}", what, e.toString());
        }
    }
}
