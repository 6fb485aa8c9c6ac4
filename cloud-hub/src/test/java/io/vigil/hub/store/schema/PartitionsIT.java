package io.vigil.hub.store.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.hub.Db;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.rollup.RollupSettings;
import io.vigil.hub.store.rollup.RollupSource;
import io.vigil.hub.store.rollup.Rollups;
import io.vigil.hub.store.write.Change;
import io.vigil.hub.store.write.ChangeWriter;
import io.vigil.hub.store.write.CopyMode;
import io.vigil.hub.store.write.Presence;
import io.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-PostgreSQL time partitions against a real embedded PostgreSQL, each test on a database of its own: the
 * conversion of a populated table, partitions made ahead and for stray days, idempotent ingest across partitions, and
 * retention. Time moves by an injected clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionsIT {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-22T00:00:00Z");
    private static final StorageSettings KEEP_ALL = StorageSettings.DEFAULT;
    private static final AtomicInteger databases = new AtomicInteger();

    @TempDir
    static Path dataDir;

    static Database embedded;

    @BeforeAll
    static void start() {
        embedded = Database.embedded(dataDir);
    }

    @AfterAll
    static void stop() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A new empty database in the embedded server, migrated. */
    private static Database freshDatabase() {
        String name = "partitions" + databases.incrementAndGet();
        try (var c = embedded.dataSource().getConnection();
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        var db = Database.external(embedded.jdbcUrl().replace("/vigil?", "/" + name + "?"));
        new Migrator().migrate(db.dataSource());
        return db;
    }

    private static final int TABLES = TimeSeriesLayout.TIME_TABLES.size();

    @Test
    void convertingAPopulatedTableKeepsEveryRowEvenWithTwoHubsStartingTogether() throws Exception {
        var db = freshDatabase();
        String url = db.jdbcUrl();
        execute(
                db,
                "INSERT INTO samples SELECT s % 50, timestamptz '2026-11-19 06:00:00+00' + s * interval '7 s',"
                        + " s * 0.5, 192 FROM generate_series(1, 60000) s");
        execute(
                db,
                "INSERT INTO scores SELECT 'a', 'm', timestamptz '2026-11-20 00:00:00+00' + s * interval '1 s',"
                        + " s FROM generate_series(1, 1000) s");
        String before = Db.string(url, "SELECT count(*) || '/' || sum(value) || '/' || min(ts) FROM samples");

        var pool = Executors.newFixedThreadPool(2);
        try {
            var barrier = new CyclicBarrier(2);
            var results = new ArrayList<Future<TimeSeriesLayout.Kind>>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return TimeSeriesLayout.apply(db.dataSource());
                }));
            }
            for (var r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(TimeSeriesLayout.Kind.PLAIN);
            }
        } finally {
            pool.shutdownNow();
        }
        TimeSeriesLayout.apply(db.dataSource()); // a restart changes nothing

        assertThat(Db.string(url, "SELECT relkind FROM pg_class WHERE relname = 'samples'"))
                .isEqualTo("p");
        assertThat(Db.string(url, "SELECT count(*) || '/' || sum(value) || '/' || min(ts) FROM samples"))
                .isEqualTo(before);
        assertThat(Db.count(url, "SELECT count(*) FROM scores")).isEqualTo(1000);
        try (var c = db.dataSource().getConnection()) {
            assertThat(RangePartitions.list(c, "samples")).singleElement().satisfies(p -> {
                assertThat(p.name()).isEqualTo("samples_legacy");
                assertThat(p.from()).isEqualTo(Instant.parse("2026-11-19T00:00:00Z"));
                assertThat(p.to()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
            });
        }
        assertThat(Db.count(url, "SELECT count(*) FROM ONLY samples_default")).isZero();
        assertThat(Db.count(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'samples_ts_brin'"))
                .isEqualTo(1);
        assertThat(Db.count(url, "SELECT count(*) FROM pg_indexes WHERE tablename = 'samples_legacy'"))
                .as("the old primary key and BRIN index, attached to the parent's")
                .isEqualTo(2);
    }

    @Test
    void keeperMakesPartitionsAheadAndGivesAStrayDayItsOwn() throws Exception {
        var db = freshDatabase();
        TimeSeriesLayout.apply(db.dataSource());
        var clock = new MutableClock(NOW);
        var keeper = new PartitionKeeper(db.dataSource(), clock, KEEP_ALL, TimeSeriesLayout.TIME_TABLES);

        assertThat(keeper.pass().created()).isEqualTo(3 * TABLES); // today and 2 ahead, for each time table
        assertThat(names(db, "samples")).containsExactly("samples_p20261122", "samples_p20261123", "samples_p20261124");
        assertThat(keeper.pass().created()).isZero();

        clock.advance(Duration.ofDays(1));
        assertThat(keeper.pass().created()).isEqualTo(TABLES);
        assertThat(names(db, "samples")).endsWith("samples_p20261125");

        var writer = new ChangeWriter(db.dataSource(), clock, new Presence(), CopyMode.DIRECT, true);
        try (writer) {
            Instant earliest = Instant.parse("2000-01-01T00:00:00Z"); // the oldest time the ingest accepts
            Instant dayAhead = clock.instant().plus(Duration.ofDays(1)); // the latest
            commit(writer, clock, Sample.good("flow", earliest, 1), Sample.good("flow", dayAhead, 2));
            assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM ONLY samples_default"))
                    .isEqualTo(1);

            var pass = keeper.pass();

            assertThat(pass.created()).isEqualTo(1);
            assertThat(names(db, "samples")).startsWith("samples_p20000101");
            assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM ONLY samples_default"))
                    .isZero();
            assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples_p20000101"))
                    .isEqualTo(1);
            assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples WHERE value = 2"))
                    .isEqualTo(1);
            assertThat(pass.tables()).contains(new PartitionKeeper.TableState("samples", 5, Optional.of(earliest)));
        }
    }

    /**
     * Regression: a hub starting while another hub's keeper attached a partition deadlocked (the layout's
     * {@code CREATE INDEX IF NOT EXISTS} locked the parent, the keeper held the default partition). A pass now skips
     * while any hub holds the layout lock, and the layout takes no table lock when everything exists.
     */
    @Test
    void keeperSkipsWhileAnotherHubLaysOutTheTables() throws Exception {
        var db = freshDatabase();
        TimeSeriesLayout.apply(db.dataSource());
        var keeper =
                new PartitionKeeper(db.dataSource(), new MutableClock(NOW), KEEP_ALL, TimeSeriesLayout.TIME_TABLES);
        try (var other = db.dataSource().getConnection();
                var st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + TimeSeriesLayout.LOCK_KEY + ")");

            assertThat(keeper.pass().created()).isZero();

            st.execute("SELECT pg_advisory_unlock(" + TimeSeriesLayout.LOCK_KEY + ")");
        }
        assertThat(keeper.pass().created()).isEqualTo(3 * TABLES);
        try (var c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("LOCK TABLE samples_default IN ACCESS EXCLUSIVE MODE"); // as a keeper attaching a day
                assertThat(TimeSeriesLayout.apply(db.dataSource())).isEqualTo(TimeSeriesLayout.Kind.PLAIN);
            }
            c.rollback();
        }
    }

    @Test
    void duplicateIngestStoresEachRowOnceInEveryModeAcrossPartitions() throws Exception {
        var db = freshDatabase();
        TimeSeriesLayout.apply(db.dataSource());
        var clock = new MutableClock(NOW);
        var keeper = new PartitionKeeper(db.dataSource(), clock, KEEP_ALL, TimeSeriesLayout.TIME_TABLES);
        keeper.pass();
        var samples = new ArrayList<Sample>();
        for (int i = 0; i < 500; i++) { // today, tomorrow (partitions) and 2019 (default, then its own partition)
            samples.add(Sample.good("flow", TODAY.plusSeconds(i * 300L), i));
            samples.add(
                    Sample.good("flow", Instant.parse("2019-06-01T00:00:00Z").plusSeconds(i), i));
        }
        int stored = 0;
        for (CopyMode mode : CopyMode.values()) { // each mode on an asset of its own, so its first COPY is new rows
            String asset = "pump-" + mode;
            try (var writer = new ChangeWriter(db.dataSource(), clock, new Presence(), mode, true)) {
                commit(writer, clock, asset, samples);
                commit(writer, clock, asset, samples);
                keeper.pass();
                commit(writer, clock, asset, samples);
            }
            stored += samples.size();
            assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples"))
                    .as(mode.name())
                    .isEqualTo(stored);
        }
        assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples_p20190601"))
                .isEqualTo(stored / 2);
    }

    @Test
    void retentionDropsOnlyOldPartitionsAndTheRetainedRangeStillAnswers() throws Exception {
        var db = freshDatabase();
        TimeSeriesLayout.apply(db.dataSource());
        var clock = new MutableClock(NOW);
        Instant first = TODAY.minus(Duration.ofDays(6));
        try (var writer = new ChangeWriter(db.dataSource(), clock, new Presence(), CopyMode.STAGED, true)) {
            var samples = new ArrayList<Sample>();
            for (Instant t = first; t.isBefore(NOW); t = t.plus(Duration.ofMinutes(10))) {
                samples.add(Sample.good("flow", t, 1));
            }
            commit(writer, clock, samples.toArray(Sample[]::new));
        }
        new PartitionKeeper(db.dataSource(), clock, KEEP_ALL, TimeSeriesLayout.TIME_TABLES).pass();
        var storage = new StorageSettings(3, 4, 0, 2, Duration.ofHours(1));
        new Rollups(db.dataSource(), clock, RollupSettings.eager()).refresh(); // caught up before retention was set
        assertThat(names(db, "samples")).hasSize(9).first().isEqualTo("samples_p20261116");

        var pass = new PartitionKeeper(db.dataSource(), clock, storage, TimeSeriesLayout.TIME_TABLES).pass();

        Instant cutoff = TODAY.minus(Duration.ofDays(3));
        assertThat(pass.dropped()).isEqualTo(3);
        assertThat(names(db, "samples")).hasSize(6).first().isEqualTo("samples_p20261119");
        assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples WHERE ts < ?", ts(cutoff)))
                .isZero();
        assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples")).isEqualTo(3 * 144 + 60);
        assertThat(Db.count(
                        db.jdbcUrl(),
                        "SELECT count(*) FROM samples_1m WHERE bucket < ?",
                        ts(cutoff.minus(Duration.ofDays(1)))))
                .isZero();
        assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM samples_1m WHERE bucket < ?", ts(cutoff)))
                .isEqualTo(144);
        assertThat(Db.count(
                        db.jdbcUrl(),
                        "SELECT count(*) FROM samples_1h WHERE bucket < ?",
                        ts(first.plus(Duration.ofDays(1)))))
                .as("hour rollups kept forever")
                .isEqualTo(24);

        try (var pool = new ConnectionPool(db.dataSource(), 1, "retention test")) {
            var queries = new HubQueries(pool, Optional.of(RollupSource.PLAIN));
            int id = queries.series("pump-p", "flow").orElseThrow().id();
            var points = queries.samplePoints(id, cutoff, NOW, Duration.ofHours(1));
            assertThat(points).hasSize(3 * 24 + 10);
            assertThat(points.stream().mapToLong(Point::n).sum()).isEqualTo(3 * 144 + 60);
        }

        // a late sample older than the raw retention does not replace the rolled-up minute it falls in (whose raw
        // samples are gone) with an aggregate of itself
        Instant old = cutoff.minus(Duration.ofHours(12));
        try (var writer = new ChangeWriter(db.dataSource(), clock, new Presence(), CopyMode.STAGED, true)) {
            commit(writer, clock, Sample.good("flow", old.plusSeconds(30), 99));
        }
        new Rollups(db.dataSource(), clock, RollupSettings.eager(), storage).refresh();
        assertThat(Db.string(db.jdbcUrl(), "SELECT n || '/' || sum FROM samples_1m WHERE bucket = '" + old + "'"))
                .isEqualTo("1/1");
    }

    private static OffsetDateTime ts(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static void commit(ChangeWriter writer, MutableClock clock, Sample... samples) {
        commit(writer, clock, "pump-p", List.of(samples));
    }

    private static void commit(ChangeWriter writer, MutableClock clock, String asset, List<Sample> samples) {
        writer.commit(List.of(new Change.DeviceData(
                "vigil", "edge-p", asset, new AssetData(List.copyOf(samples), List.of(), List.of()), clock.instant())));
    }

    private static List<String> names(Database db, String table) throws Exception {
        try (var c = db.dataSource().getConnection()) {
            return RangePartitions.list(c, table).stream()
                    .map(RangePartitions.Partition::name)
                    .toList();
        }
    }

    private static void execute(Database db, String sql) throws Exception {
        try (var c = db.dataSource().getConnection();
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
