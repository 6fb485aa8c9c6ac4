package io.vigil.hub.store.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.hub.Db;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.schema.Migrator;
import io.vigil.hub.store.schema.TimeSeriesLayout;
import io.vigil.hub.store.write.Change;
import io.vigil.hub.store.write.ChangeWriter;
import io.vigil.hub.store.write.CopyMode;
import io.vigil.hub.store.write.Presence;
import io.vigil.testing.MutableClock;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub-maintained rollups against a real embedded PostgreSQL: every downsampled answer that reads rollups equals
 * the answer from raw samples over the same data, before and after late (back-filled) samples arrive, and before and
 * after the rollup job has seen them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first test sees the data before any pass
class RollupsIT {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:13Z");
    private static final Instant END = T0.plus(Duration.ofHours(3));
    private static final RollupSettings SETTLE_ONLY =
            new RollupSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO);

    @TempDir
    static Path dataDir;

    static Database db;
    static ConnectionPool pool;
    static HubQueries queries;
    static ChangeWriter writer;
    static MutableClock clock = new MutableClock(END.plus(Duration.ofMinutes(2)));
    static int seriesId;

    @BeforeAll
    static void start() {
        db = Database.embedded(dataDir);
        new Migrator().migrate(db.dataSource());
        TimeSeriesLayout.apply(db.dataSource());
        pool = new ConnectionPool(db.dataSource(), 2, "rollup test");
        queries = new HubQueries(pool, Optional.of(RollupSource.PLAIN));
        writer = new ChangeWriter(db.dataSource(), clock, new Presence(), CopyMode.STAGED, true);
        var random = new Random(42);
        var batch = new ArrayList<Sample>();
        for (Instant t = T0; t.isBefore(END); t = t.plusSeconds(1)) {
            boolean badMinute = t.getEpochSecond() / 60 % 97 == 0; // some minutes hold BAD samples only
            batch.add(
                    badMinute || random.nextInt(50) == 0
                            ? Sample.bad("flow", t)
                            : Sample.good("flow", t, value(random)));
            if (batch.size() == 600) {
                commit(batch);
            }
        }
        commit(batch);
        seriesId = queries.series("pump-r", "flow").orElseThrow().id();
    }

    private static double value(Random random) {
        return Math.round(random.nextGaussian() * 1e6) / 1e3;
    }

    private static void commit(List<Sample> samples) {
        commit("pump-r", samples);
    }

    private static void commit(String asset, List<Sample> samples) {
        writer.commit(List.of(new Change.DeviceData(
                "vigil", "edge-r", asset, new AssetData(List.copyOf(samples), List.of(), List.of()), clock.instant())));
        samples.clear();
    }

    @AfterAll
    static void stop() {
        if (writer != null) {
            writer.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static final List<Duration> STEPS =
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(2));

    private static void assertRollupAnswersEqualRawAnswers() {
        List<Instant[]> ranges = List.of(
                new Instant[] {T0, END},
                new Instant[] {Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T13:00:00Z")},
                new Instant[] {Instant.parse("2026-11-20T10:17:31.5Z"), Instant.parse("2026-11-20T12:44:02Z")},
                new Instant[] {Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-21T00:00:00Z")});
        for (Instant[] r : ranges) {
            for (Duration step : STEPS) {
                var viaRollups = queries.samplePoints(seriesId, r[0], r[1], step);
                var raw = queries.rawSamplePoints(seriesId, r[0], r[1], step);
                assertSame(viaRollups, raw, r[0] + ".." + r[1] + " step " + step);
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

    private static long count(String sql) {
        return Db.count(db.jdbcUrl(), sql);
    }

    @Test
    @Order(1)
    void rollupAnswersEqualRawAnswersIncludingLateDataBeforeAndAfterTheJobSeesIt() {
        assertRollupAnswersEqualRawAnswers(); // nothing rolled up yet: raw both ways

        var first = new Rollups(db.dataSource(), clock, SETTLE_ONLY).refresh();

        assertThat(first.minutes()).isEqualTo(181);
        assertThat(count("SELECT count(*) FROM samples_1m")).isEqualTo(181);
        assertThat(count("SELECT count(*) FROM samples_1h")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM samples_1m WHERE n = 0")).isPositive();
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertRollupAnswersEqualRawAnswers();

        // store-and-forward back-fill: half-second samples in the middle of already rolled-up minutes and hours
        var late = new ArrayList<Sample>();
        var random = new Random(7);
        for (Instant t = T0.plus(Duration.ofMinutes(50)).plusMillis(500);
                t.isBefore(T0.plus(Duration.ofMinutes(75)));
                t = t.plusSeconds(3)) {
            late.add(Sample.good("flow", t, value(random) * 10));
        }
        commit(late);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isEqualTo(1);
        assertRollupAnswersEqualRawAnswers(); // the dirty range sends those minutes to the raw samples

        clock.advance(Duration.ofMinutes(2));
        var second = new Rollups(db.dataSource(), clock, SETTLE_ONLY).refresh();

        assertThat(second.minutes()).isEqualTo(26);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertRollupAnswersEqualRawAnswers();
    }

    @Test
    void answersAWholeHourStepFromTheHourRollupOnceItIsComplete() throws Exception {
        new Rollups(db.dataSource(), clock, SETTLE_ONLY).refresh();
        Instant hour = Instant.parse("2026-11-20T11:00:00Z");
        execute("UPDATE samples_1h SET max = max + 1000 WHERE series_id = " + seriesId + " AND bucket = '" + hour
                + "'");
        try {
            var points = queries.samplePoints(seriesId, hour, hour.plus(Duration.ofHours(1)), Duration.ofHours(1));
            var raw = queries.rawSamplePoints(seriesId, hour, hour.plus(Duration.ofHours(1)), Duration.ofHours(1));

            assertThat(points)
                    .singleElement()
                    .extracting(Point::max)
                    .isEqualTo(raw.get(0).max() + 1000);
        } finally { // the next pass re-rolls a range marked dirty: the tampered row is replaced
            execute("INSERT INTO rollup_dirty (lo, hi) VALUES ('" + hour + "', '" + hour.plusSeconds(59) + "')");
            new Rollups(db.dataSource(), clock, SETTLE_ONLY).refresh();
        }
    }

    @Test
    void leavesAMinuteThatIsStillBeingBackFilledForALaterPass() {
        var settings = new RollupSettings(
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
        var rollups = new Rollups(db.dataSource(), clock, settings);
        rollups.refresh();
        Instant minute = Instant.parse("2026-11-20T12:20:00Z");
        commit(new ArrayList<>(
                List.of(Sample.good("flow", minute.plusMillis(250), 1e6)))); // committed "now" by the writer's clock

        var whileHot = rollups.refresh();
        assertRollupAnswersEqualRawAnswers();
        clock.advance(Duration.ofSeconds(31));
        var afterQuiet = rollups.refresh();

        assertThat(whileHot.minutes()).isZero();
        assertThat(whileHot.hotMinutes()).isEqualTo(1);
        assertThat(afterQuiet.minutes()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertRollupAnswersEqualRawAnswers();
    }

    private static void execute(String sql) throws SQLException {
        try (var c = db.dataSource().getConnection();
                var st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    @Test
    void keepsMinutesThatAreNotClosedDirtyForTheNextPass() {
        var recent = new ArrayList<Sample>();
        for (Instant t = END.minusSeconds(120); t.isBefore(END); t = t.plusSeconds(1)) {
            recent.add(Sample.good("level", t, 1.0));
        }
        commit("tank-k", recent);
        var c = new MutableClock(END.minusSeconds(30));

        new Rollups(db.dataSource(), c, SETTLE_ONLY).refresh();
        long open = count("SELECT count(*) FROM rollup_dirty");

        new Rollups(db.dataSource(), clock, SETTLE_ONLY).refresh();

        assertThat(open).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
        assertRollupAnswersEqualRawAnswers();
    }
}
