package io.vigil.hub.store.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.hub.Db;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.rollup.RollupSource;
import io.vigil.hub.store.write.Change;
import io.vigil.hub.store.write.ChangeWriter;
import io.vigil.hub.store.write.CopyMode;
import io.vigil.hub.store.write.Presence;
import io.vigil.testing.DebianPostgres;
import io.vigil.testing.MutableClock;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TimescaleDB layout on a real TimescaleDB 2.28 (Debian's PostgreSQL 15 with the extension preloaded): the
 * hypertables take the hub's writes (a redelivered batch stored once, text series included), the continuous aggregates
 * answer series queries exactly like the raw samples (as {@code RollupsIT} proves for the plain layout), also once
 * chunks are compressed, and the retention settings become policies that a later start with other settings replaces.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TimescaleLayoutIT {
    private static final String PASSWORD = "ts-secret";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:13Z");
    private static final Instant END = T0.plus(Duration.ofHours(3));
    private static final List<Duration> STEPS =
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(2));

    static DebianPostgres pg;
    static int databases;

    @BeforeAll
    static void start() throws Exception {
        pg = DebianPostgres.startWithTimescale(PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A fresh database of its own per test, owned by the superuser (CREATE EXTENSION timescaledb needs it). */
    private static String freshDatabase() throws SQLException {
        String name = "ts" + ++databases;
        try (var c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", PASSWORD);
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return pg.jdbcUrl(name) + "?user=postgres&password=" + PASSWORD;
    }

    @Test
    void continuousAggregatesAnswerLikeRawSamplesBeforeAndAfterRefreshBackfillAndCompression() throws Exception {
        String url = freshDatabase();
        var clock = new MutableClock(END.plus(Duration.ofMinutes(2)));
        try (var db = Database.external(url)) {
            new Migrator().migrate(db.dataSource());
            assertThat(TimeSeriesLayout.apply(db.dataSource())).isEqualTo(TimeSeriesLayout.Kind.TIMESCALE);
            assertThat(Db.count(
                            url,
                            "SELECT count(*) FROM timescaledb_information.hypertables"
                                    + " WHERE hypertable_name IN ('samples', 'scores', 'samples_text')"))
                    .isEqualTo(3);
            var pool = new ConnectionPool(db.dataSource(), 2, "timescale test");
            var writer = new ChangeWriter(db.dataSource(), clock, new Presence(), CopyMode.STAGED, true);
            try {
                var queries = new HubQueries(pool, Optional.of(RollupSource.TIMESCALE));
                var random = new Random(42);
                var batch = new ArrayList<Sample>();
                for (Instant t = T0; t.isBefore(END); t = t.plusSeconds(1)) {
                    boolean badMinute = t.getEpochSecond() / 60 % 97 == 0; // some minutes hold BAD samples only
                    batch.add(
                            badMinute || random.nextInt(50) == 0
                                    ? Sample.bad("flow", t)
                                    : Sample.good("flow", t, value(random)));
                    if (batch.size() == 600) {
                        commit(writer, clock, batch);
                        batch.clear();
                    }
                }
                commit(writer, clock, batch);
                int series = queries.series("pump-t", "flow").orElseThrow().id();
                long stored = Db.count(url, "SELECT count(*) FROM samples");
                assertThat(stored).isEqualTo(Duration.between(T0, END).toSeconds());

                assertAggregatesAnswerLikeRaw(queries, series, "real-time aggregation only");

                refresh(url);
                assertThat(materializedMinuteRows(url)).isEqualTo(181);
                assertAggregatesAnswerLikeRaw(queries, series, "materialized");

                // store-and-forward back-fill into minutes and hours already materialized, then the refresh the
                // policy runs (its window is a day; this data is weeks old, so the test refreshes all)
                var late = new ArrayList<Sample>();
                for (Instant t = T0.plus(Duration.ofMinutes(50)).plusMillis(500);
                        t.isBefore(T0.plus(Duration.ofMinutes(75)));
                        t = t.plusSeconds(3)) {
                    late.add(Sample.good("flow", t, value(random) * 10));
                }
                commit(writer, clock, late);
                commit(writer, clock, late); // redelivered: stored once
                assertThat(Db.count(url, "SELECT count(*) FROM samples")).isEqualTo(stored + late.size());
                refresh(url);
                assertAggregatesAnswerLikeRaw(queries, series, "back-filled and refreshed");

                var before = answers(queries, series);
                assertThat(Db.count(
                                url,
                                "SELECT count(compress_chunk(c, if_not_compressed => TRUE))"
                                        + " FROM show_chunks('samples') c"))
                        .isPositive();
                assertThat(Db.count(
                                url,
                                "SELECT count(*) FROM chunk_compression_stats('samples')"
                                        + " WHERE compression_status = 'Compressed'"))
                        .isPositive();
                assertThat(answers(queries, series)).isEqualTo(before);
                assertAggregatesAnswerLikeRaw(queries, series, "compressed");

                // a late sample into a compressed chunk still lands (the writer's ON CONFLICT path), once
                var intoCompressed = new ArrayList<>(List.of(Sample.good("flow", T0.plusMillis(250), 1234.5)));
                commit(writer, clock, intoCompressed);
                commit(writer, clock, intoCompressed);
                assertThat(Db.count(url, "SELECT count(*) FROM samples")).isEqualTo(stored + late.size() + 1);
                refresh(url);
                assertAggregatesAnswerLikeRaw(queries, series, "late sample in a compressed chunk");
            } finally {
                writer.close();
                pool.close();
            }
        }
    }

    @Test
    void storesTextSeriesInTheirHypertableAndARedeliveredBatchOnce() throws Exception {
        String url = freshDatabase();
        var clock = new MutableClock(END);
        try (var db = Database.external(url)) {
            new Migrator().migrate(db.dataSource());
            assertThat(TimeSeriesLayout.apply(db.dataSource())).isEqualTo(TimeSeriesLayout.Kind.TIMESCALE);
            var pool = new ConnectionPool(db.dataSource(), 2, "timescale test");
            var writer = new ChangeWriter(db.dataSource(), clock, new Presence(), CopyMode.STAGED, true);
            try {
                var batch = new ArrayList<Sample>();
                Instant minute = T0.truncatedTo(ChronoUnit.MINUTES); // text buckets align to the epoch, like all
                for (int i = 0; i < 120; i++) {
                    batch.add(Sample.text(
                            "state", minute.plusSeconds(i), i < 60 ? "RUN" : "STOP, \"jammed\"", Quality.GOOD));
                }
                commit(writer, clock, batch);
                commit(writer, clock, batch);

                assertThat(Db.count(url, "SELECT count(*) FROM samples_text")).isEqualTo(120);
                assertThat(Db.count(
                                url,
                                "SELECT count(*) FROM timescaledb_information.chunks"
                                        + " WHERE hypertable_name = 'samples_text'"))
                        .isPositive();
                var queries = new HubQueries(pool, Optional.of(RollupSource.TIMESCALE));
                int series = queries.series("pump-t", "state").orElseThrow().id();
                var points = queries.textPoints(series, minute, minute.plusSeconds(120), Duration.ofMinutes(1));
                assertThat(points)
                        .extracting(p -> p.last() + " x" + p.n())
                        .containsExactly("RUN x60", "STOP, \"jammed\" x60");
            } finally {
                writer.close();
                pool.close();
            }
        }
    }

    @Test
    void aLaterStartWithOtherRetentionsReplacesThePolicies() throws Exception {
        String url = freshDatabase();
        try (var db = Database.external(url)) {
            new Migrator().migrate(db.dataSource());
            var first = new StorageSettings(30, 90, 365, 2, Duration.ofHours(1));
            assertThat(TimeSeriesLayout.apply(db.dataSource(), first)).isEqualTo(TimeSeriesLayout.Kind.TIMESCALE);
            assertThat(retention(url, "samples")).isEqualTo("30 days");
            assertThat(retention(url, "samples_1m_cagg")).isEqualTo("90 days");
            assertThat(retention(url, "samples_1h_cagg")).isEqualTo("365 days");

            TimeSeriesLayout.apply(db.dataSource(), new StorageSettings(10, 0, 0, 2, Duration.ofHours(1)));

            assertThat(retention(url, "samples")).isEqualTo("10 days");
            assertThat(retention(url, "scores")).isEqualTo("10 days");
            assertThat(retention(url, "samples_text")).isEqualTo("10 days");
            assertThat(retention(url, "samples_1m_cagg")).isEqualTo("none");
            assertThat(retention(url, "samples_1h_cagg")).isEqualTo("none");
            assertThat(Db.count(
                            url,
                            "SELECT count(*) FROM timescaledb_information.jobs"
                                    + " WHERE proc_name = 'policy_retention'"))
                    .isEqualTo(3);
        }
    }

    @Test
    void hubsLayingOutOneFreshDatabaseAtOnceAllGetTheTimescaleLayout() throws Exception {
        String url = freshDatabase();
        try (var db = Database.external(url)) {
            new Migrator().migrate(db.dataSource());
            var pool = Executors.newFixedThreadPool(3);
            try {
                var barrier = new CyclicBarrier(3);
                var results = new ArrayList<Future<TimeSeriesLayout.Kind>>();
                for (int i = 0; i < 3; i++) {
                    results.add(pool.submit(() -> {
                        barrier.await();
                        return TimeSeriesLayout.apply(db.dataSource(), StorageSettings.DEFAULT.withRetentionDays(30));
                    }));
                }
                for (var r : results) {
                    assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(TimeSeriesLayout.Kind.TIMESCALE);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(retention(url, "samples")).isEqualTo("30 days");
            assertThat(Db.count(
                            url,
                            "SELECT count(*) FROM timescaledb_information.jobs"
                                    + " WHERE proc_name = 'policy_retention'"))
                    .isEqualTo(3);
            assertThat(Db.count(url, "SELECT count(*) FROM timescaledb_information.continuous_aggregates"))
                    .isEqualTo(2);
        }
    }

    /** The drop_after of the retention job on {@code relation} (a hypertable or a continuous aggregate). */
    private static String retention(String url, String relation) {
        return Db.string(
                url,
                "SELECT coalesce(max(j.config ->> 'drop_after'), 'none') FROM timescaledb_information.jobs j"
                        + " LEFT JOIN timescaledb_information.continuous_aggregates a"
                        + " ON a.materialization_hypertable_schema = j.hypertable_schema"
                        + " AND a.materialization_hypertable_name = j.hypertable_name"
                        + " WHERE j.proc_name = 'policy_retention'"
                        + " AND coalesce(a.view_name, j.hypertable_name) = '" + relation + "'");
    }

    private static double value(Random random) {
        return Math.round(random.nextGaussian() * 1e6) / 1e3;
    }

    private static void commit(ChangeWriter writer, MutableClock clock, List<Sample> samples) {
        writer.commit(List.of(new Change.DeviceData(
                "vigil",
                "edge-t",
                "pump-t",
                new AssetData(List.copyOf(samples), List.of(), List.of()),
                clock.instant())));
    }

    /** What the refresh policies do, over all time (the test data is older than their windows). */
    private static void refresh(String url) throws SQLException {
        try (var c = DriverManager.getConnection(url);
                var st = c.createStatement()) {
            st.execute("CALL refresh_continuous_aggregate('" + TimescaleRollups.MINUTE_VIEW + "', NULL, NULL)");
            st.execute("CALL refresh_continuous_aggregate('" + TimescaleRollups.HOUR_VIEW + "', NULL, NULL)");
        }
    }

    private static long materializedMinuteRows(String url) {
        String table = Db.string(
                url,
                "SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)"
                        + " FROM timescaledb_information.continuous_aggregates WHERE view_name = '"
                        + TimescaleRollups.MINUTE_VIEW + "'");
        return Db.count(url, "SELECT count(*) FROM " + table);
    }

    private static List<Instant[]> ranges() {
        return List.of(
                new Instant[] {T0, END},
                new Instant[] {Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T13:00:00Z")},
                new Instant[] {Instant.parse("2026-11-20T10:17:31.5Z"), Instant.parse("2026-11-20T12:44:02Z")},
                new Instant[] {Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")});
    }

    private static List<List<Point>> answers(HubQueries queries, int series) {
        var all = new ArrayList<List<Point>>();
        for (Instant[] r : ranges()) {
            for (Duration step : STEPS) {
                all.add(queries.samplePoints(series, r[0], r[1], step));
            }
        }
        return all;
    }

    private static void assertAggregatesAnswerLikeRaw(HubQueries queries, int series, String when) {
        for (Instant[] r : ranges()) {
            for (Duration step : STEPS) {
                var viaAggregates = queries.samplePoints(series, r[0], r[1], step);
                var raw = queries.rawSamplePoints(series, r[0], r[1], step);
                assertSame(viaAggregates, raw, when + ": " + r[0] + ".." + r[1] + " step " + step);
            }
        }
    }

    private static void assertSame(List<Point> actual, List<Point> expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected).isNotEmpty();
        for (int i = 0; i < actual.size(); i++) {
            Point a = actual.get(i);
            Point e = expected.get(i);
            String at = what + " bucket " + e.t();
            assertThat(a.t()).as(at).isEqualTo(e.t());
            assertThat(a.n()).as(at).isEqualTo(e.n());
            assertThat(a.min()).as(at).isEqualTo(e.min());
            assertThat(a.max()).as(at).isEqualTo(e.max());
            assertThat(a.last()).as(at).isEqualTo(e.last());
            if (e.avg() == null) {
                assertThat(a.avg()).as(at).isNull();
            } else { // sums added in another order: equal to rounding
                assertThat(a.avg()).as(at).isCloseTo(e.avg(), within(1e-9 * Math.max(1, Math.abs(e.avg()))));
            }
        }
    }
}
