package io.vigil.hub;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.hub.store.BackgroundPass;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.DatabaseSettings;
import io.vigil.hub.store.DiskSpace;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.rollup.RollupJob;
import io.vigil.hub.store.rollup.RollupSettings;
import io.vigil.hub.store.rollup.RollupSource;
import io.vigil.hub.store.rollup.Rollups;
import io.vigil.hub.store.schema.Migrator;
import io.vigil.hub.store.schema.PartitionKeeper;
import io.vigil.hub.store.schema.PartitionMetrics;
import io.vigil.hub.store.schema.StorageSettings;
import io.vigil.hub.store.schema.TimeSeriesLayout;
import io.vigil.hub.store.write.ChangeWriter;
import io.vigil.hub.store.write.CopyMode;
import io.vigil.hub.store.write.Presence;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's storage part: the database with its schema and time-series layout, the read pool and queries, and the
 * background jobs that keep it (rollups where the layout tracks dirty buckets, daily partitions on plain PostgreSQL).
 * Writers are made here too, one per ingest loop, so they share this part's presence and rollup tracking.
 */
final class HubStorage {
    private static final Logger log = LoggerFactory.getLogger(HubStorage.class);
    static final int READ_POOL_SIZE = 8;
    /** How often the embedded PostgreSQL is checked for life and the data directory for free space. */
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

    private final Database database;
    private final TimeSeriesLayout.Kind layout;
    private final ConnectionPool pool;
    private final HubQueries queries;
    private final boolean rollupsTracked;
    private final Optional<PartitionKeeper> keeper;
    private final Presence presence = new Presence();
    private final Clock clock;
    private DiskSpace disk;

    private HubStorage(
            Database database,
            TimeSeriesLayout.Kind layout,
            ConnectionPool pool,
            HubQueries queries,
            boolean rollupsTracked,
            Optional<PartitionKeeper> keeper,
            Clock clock) {
        this.database = database;
        this.layout = layout;
        this.pool = pool;
        this.queries = queries;
        this.rollupsTracked = rollupsTracked;
        this.keeper = keeper;
        this.clock = clock;
    }

    /** Opens the database, migrates it and starts the background jobs, each registered in {@code stops}. */
    static HubStorage open(DatabaseSettings settings, StorageSettings storage, Clock clock, ShutdownSequence stops) {
        var database = Database.open(settings.url(), settings.dataDir());
        stops.add("database", database::close);
        List<Integer> applied = new Migrator().migrate(database.dataSource());
        log.info(
                "schema {}",
                applied.isEmpty() ? "is current" : "migrated to version " + applied.get(applied.size() - 1));
        var layout = TimeSeriesLayout.apply(database.dataSource(), storage);
        var pool = new ConnectionPool(database.dataSource(), READ_POOL_SIZE, database.describe());
        stops.add("connection pool", pool::close);
        var rollupSource = RollupSource.of(layout);
        var queries = new HubQueries(pool, Optional.of(rollupSource));
        if (rollupSource.dirtyTracked()) {
            var rollups = new RollupJob(
                    new Rollups(database.dataSource(), clock, RollupSettings.DEFAULT, storage),
                    RollupSettings.DEFAULT.interval());
            stops.add("rollup job", rollups::close);
        }
        Optional<PartitionKeeper> keeper = Optional.empty();
        if (layout == TimeSeriesLayout.Kind.PLAIN) {
            keeper = Optional.of(keepPartitions(database, storage, clock, stops));
        }
        var hubStorage = new HubStorage(database, layout, pool, queries, rollupSource.dirtyTracked(), keeper, clock);
        hubStorage.disk = new DiskSpace(settings.dataDir(), settings.minFreeBytes());
        hubStorage.disk.read();
        var watch = new BackgroundPass("vigil-db-watch", WATCH_INTERVAL, WATCH_INTERVAL, () -> {
            database.keepAlive();
            hubStorage.disk.read();
        });
        stops.add("database watch", watch::close);
        try (var writer = new ChangeWriter(database.dataSource(), clock, hubStorage.presence)) {
            writer.markAllOffline();
        }
        return hubStorage;
    }

    private static PartitionKeeper keepPartitions(
            Database database, StorageSettings storage, Clock clock, ShutdownSequence stops) {
        var keeper = new PartitionKeeper(database.dataSource(), clock, storage, TimeSeriesLayout.TIME_TABLES);
        try {
            keeper.pass(); // today's partitions before the first write; the next passes on their own thread
        } catch (RuntimeException e) {
            log.warn("{} (the default partition takes the rows meanwhile; retrying at the next pass)", e.getMessage());
        }
        var job = new BackgroundPass("vigil-partitions", storage.interval(), storage.interval(), keeper::pass);
        stops.add("partition keeper", job::close);
        return keeper;
    }

    /** A writer of its own connection, for one ingest loop. */
    ChangeWriter writer(CopyMode mode) {
        return new ChangeWriter(database.dataSource(), clock, presence, mode, rollupsTracked);
    }

    void registerMetrics(MeterRegistry registry) {
        keeper.ifPresent(k -> PartitionMetrics.register(registry, k));
        registry.gauge("vigil.disk.free.bytes", disk, d -> d.read().free());
    }

    DiskSpace disk() {
        return disk;
    }

    Database database() {
        return database;
    }

    TimeSeriesLayout.Kind layout() {
        return layout;
    }

    ConnectionPool pool() {
        return pool;
    }

    HubQueries queries() {
        return queries;
    }
}
