package io.vigil.hub.store.query;

import io.vigil.core.hub.HubTotals;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.ValueType;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.EventView;
import io.vigil.hub.store.Sql;
import io.vigil.hub.store.StoreException;
import io.vigil.hub.store.rollup.RollupPlan;
import io.vigil.hub.store.rollup.RollupSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The read side: series lookup and downsampling, events, totals, and the snapshot that seeds the latest-value cache.
 * Downsampling happens in SQL with {@code date_bin} (buckets aligned to the Unix epoch, so a chart that refreshes
 * keeps the same buckets), never by shipping raw rows to Java.
 */
public final class HubQueries {
    /** Rows one fetch of an export's cursor brings from PostgreSQL. */
    public static final int STREAM_FETCH = 2000;

    private final ConnectionPool pool;
    private final Optional<RollupSource> rollups;

    /** Queries that read raw samples only. */
    public HubQueries(ConnectionPool pool) {
        this(pool, Optional.empty());
    }

    /** Queries that read {@code rollups} where they answer exactly what the raw samples would. */
    public HubQueries(ConnectionPool pool, Optional<RollupSource> rollups) {
        this.pool = pool;
        this.rollups = rollups;
    }

    /** True when the database answers {@code SELECT 1}; never throws. */
    public boolean ping() {
        try {
            return pool.call("health check", c -> {
                try (var st = c.createStatement()) {
                    st.setQueryTimeout(3);
                    return st.execute("SELECT 1");
                }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    public Optional<SeriesRef> series(String asset, String tag) {
        return pool.call("looking up series " + asset + "/" + tag, c -> {
            try (var ps = c.prepareStatement("SELECT id, unit, data_type FROM series WHERE asset = ? AND tag = ?")) {
                ps.setString(1, asset);
                ps.setString(2, tag);
                try (var rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new SeriesRef(rs.getInt(1), rs.getString(2), ValueType.of(rs.getString(3))))
                            : Optional.empty();
                }
            }
        });
    }

    public boolean hasScores(String asset, String model) {
        return pool.call("looking up scores of " + asset + "/" + model, c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM scores WHERE asset = ? AND model = ? LIMIT 1")) {
                ps.setString(1, asset);
                ps.setString(2, model);
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Buckets of {@code step} over {@code [from, to)} of one sample series. */
    public List<Point> samplePoints(int seriesId, Instant from, Instant to, Duration step) {
        return pool.call("downsampling series " + seriesId, c -> {
            var list = new ArrayList<Point>();
            run(c, sampleQuery(c, seriesId, from, to, step), list::add);
            return list;
        });
    }

    /** Like {@link #samplePoints}, always from the raw samples (for checking and measuring the rollups). */
    public List<Point> rawSamplePoints(int seriesId, Instant from, Instant to, Duration step) {
        return pool.call("downsampling series " + seriesId, c -> {
            var list = new ArrayList<Point>();
            run(c, rawQuery("samples", "series_id = ?", step, from, to, seriesId), list::add);
            return list;
        });
    }

    /** Buckets of {@code step} over {@code [from, to)} of the scores of one model on one asset. */
    public List<Point> scorePoints(String asset, String model, Instant from, Instant to, Duration step) {
        return pool.call("downsampling scores of " + asset + "/" + model, c -> {
            var list = new ArrayList<Point>();
            run(c, rawQuery("scores", "asset = ? AND model = ?", step, from, to, asset, model), list::add);
            return list;
        });
    }

    /**
     * Like {@link #samplePoints}, but hands each bucket to {@code sink} as PostgreSQL produces it (a server-side cursor
     * fetching {@link #STREAM_FETCH} rows at a time), so an export of any length holds one fetch in memory. A sink that
     * throws stops the query. Returns the number of buckets.
     */
    public long streamSamplePoints(int seriesId, Instant from, Instant to, Duration step, Consumer<Point> sink) {
        return pool.call(
                "exporting series " + seriesId, c -> stream(c, sampleQuery(c, seriesId, from, to, step), sink));
    }

    /** Like {@link #scorePoints}, streamed as {@link #streamSamplePoints} does. */
    public long streamScorePoints(
            String asset, String model, Instant from, Instant to, Duration step, Consumer<Point> sink) {
        return pool.call(
                "exporting scores of " + asset + "/" + model,
                c -> stream(c, rawQuery("scores", "asset = ? AND model = ?", step, from, to, asset, model), sink));
    }

    /** A statement and its parameters ({@link Instant}s, numbers and strings). */
    record Query(String sql, List<Object> params) {}

    private static long stream(Connection c, Query q, Consumer<Point> sink) throws SQLException {
        c.setAutoCommit(false);
        long n = run(c, q, sink);
        c.commit();
        return n;
    }

    private static long run(Connection c, Query q, Consumer<Point> sink) throws SQLException {
        try (var ps = c.prepareStatement(q.sql())) {
            ps.setFetchSize(STREAM_FETCH);
            for (int i = 0; i < q.params().size(); i++) {
                if (q.params().get(i) instanceof Instant t) {
                    Sql.setTime(ps, i + 1, t);
                } else {
                    ps.setObject(i + 1, q.params().get(i));
                }
            }
            long n = 0;
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Point(
                            Sql.getTime(rs, 1),
                            Sql.getDouble(rs, 2),
                            Sql.getDouble(rs, 3),
                            Sql.getDouble(rs, 4),
                            Sql.getDouble(rs, 5),
                            rs.getLong(6)));
                    n++;
                }
            }
            return n;
        }
    }

    private static Query rawQuery(String table, String where, Duration step, Instant from, Instant to, Object... keys) {
        var params = new ArrayList<Object>(List.of(step.toNanos() / 1e9, from, to));
        params.addAll(List.of(keys));
        return new Query(
                "SELECT date_bin(make_interval(secs => ?), ts, timestamptz 'epoch') AS b, avg(value), min(value),"
                        + " max(value), (array_agg(value ORDER BY ts DESC) FILTER (WHERE value IS NOT NULL))[1],"
                        + " count(value) FROM " + table + " WHERE ts >= ? AND ts < ? AND " + where
                        + " GROUP BY b ORDER BY b",
                params);
    }

    /**
     * The query for one series: raw samples only, or (with rollups, a step of whole minutes and a range that covers
     * whole minutes already rolled up) the partial aggregates of rollup rows and raw edge samples merged per bucket.
     */
    private Query sampleQuery(Connection c, int seriesId, Instant from, Instant to, Duration step) throws SQLException {
        if (rollups.isEmpty() || !RollupPlan.multipleOf(step, RollupPlan.MINUTE)) {
            return rawQuery("samples", "series_id = ?", step, from, to, seriesId);
        }
        RollupSource source = rollups.get();
        Instant rolledUntil = source.dirtyTracked() ? rolledUntil(c, from, to) : to;
        var plan = RollupPlan.of(from, to, step, rolledUntil);
        if (plan.rawOnly()) {
            return rawQuery("samples", "series_id = ?", step, from, to, seriesId);
        }
        var parts = new ArrayList<String>();
        var params = new ArrayList<Object>();
        params.add(step.toNanos() / 1e9);
        String rollupColumns = "SELECT bucket, n, sum, min, max, last_ts, last_value FROM ";
        for (var r : plan.hours()) {
            parts.add(rollupColumns + source.hourTable() + " WHERE series_id = ? AND bucket >= ? AND bucket < ?");
            params.addAll(List.of(seriesId, r.from(), r.to()));
        }
        for (var r : plan.minutes()) {
            parts.add(rollupColumns + source.minuteTable() + " WHERE series_id = ? AND bucket >= ? AND bucket < ?");
            params.addAll(List.of(seriesId, r.from(), r.to()));
        }
        for (var r : plan.raw()) {
            parts.add("SELECT ts, (value IS NOT NULL)::int::bigint, value, value, value,"
                    + " CASE WHEN value IS NOT NULL THEN ts END, value FROM samples"
                    + " WHERE series_id = ? AND ts >= ? AND ts < ?");
            params.addAll(List.of(seriesId, r.from(), r.to()));
        }
        return new Query(
                "SELECT date_bin(make_interval(secs => ?), t, timestamptz 'epoch') AS b,"
                        + " sum(s) / nullif(sum(n), 0)::float8, min(mn), max(mx),"
                        + " (array_agg(lv ORDER BY lt DESC) FILTER (WHERE lt IS NOT NULL))[1], sum(n)::bigint"
                        + " FROM (" + String.join(" UNION ALL ", parts) + ") AS p (t, n, s, mn, mx, lt, lv)"
                        + " GROUP BY b ORDER BY b",
                params);
    }

    /** Where the rollups stop being complete for a query over {@code [from, to)}: the earliest dirty range in it. */
    private static Instant rolledUntil(Connection c, Instant from, Instant to) throws SQLException {
        try (var ps = c.prepareStatement("SELECT min(lo) FROM rollup_dirty WHERE hi >= ?")) {
            Sql.setTime(ps, 1, from);
            try (var rs = ps.executeQuery()) {
                rs.next();
                Instant lo = Sql.getTime(rs, 1);
                return lo == null || lo.isAfter(to) ? to : lo;
            }
        }
    }

    /** The latest value of each text series (from {@code samples_text}) into the snapshot. */
    private static void latestTexts(Statement st, LatestValues.Snapshot snapshot) throws SQLException {
        try (var rs = st.executeQuery("SELECT s.asset, s.tag, s.unit, l.value, l.ts, l.quality FROM series s"
                + " LEFT JOIN LATERAL (SELECT value, ts, quality FROM samples_text WHERE series_id = s.id"
                + " ORDER BY ts DESC LIMIT 1) l ON TRUE WHERE s.data_type = 'string'")) {
            while (rs.next()) {
                Instant t = Sql.getTime(rs, 5);
                var q = t == null ? null : Quality.fromCode(rs.getInt(6));
                var view = new TagView(rs.getString(2), rs.getString(3), null, t, q, rs.getString(4), ValueType.STRING);
                snapshot.tags().add(new LatestValues.AssetTag(rs.getString(1), view));
            }
        }
    }

    /**
     * Buckets of {@code step} over {@code [from, to)} of one text series: the last text with a value in each bucket (an
     * average of text means nothing) and how many samples carried one.
     */
    public List<TextPoint> textPoints(int seriesId, Instant from, Instant to, Duration step) {
        return pool.call("downsampling text series " + seriesId, c -> {
            var list = new ArrayList<TextPoint>();
            streamText(c, seriesId, from, to, step, list::add);
            return list;
        });
    }

    /** Like {@link #textPoints}, streamed through a cursor as {@link #streamSamplePoints} does. */
    public long streamTextPoints(int seriesId, Instant from, Instant to, Duration step, Consumer<TextPoint> sink) {
        return pool.call("exporting text series " + seriesId, c -> {
            c.setAutoCommit(false);
            long n = streamText(c, seriesId, from, to, step, sink);
            c.commit();
            return n;
        });
    }

    private static long streamText(
            Connection c, int seriesId, Instant from, Instant to, Duration step, Consumer<TextPoint> sink)
            throws SQLException {
        try (var ps = c.prepareStatement("SELECT date_bin(make_interval(secs => ?), ts, timestamptz 'epoch') AS b,"
                + " (array_agg(value ORDER BY ts DESC) FILTER (WHERE value IS NOT NULL))[1], count(value)"
                + " FROM samples_text WHERE ts >= ? AND ts < ? AND series_id = ? GROUP BY b ORDER BY b")) {
            ps.setFetchSize(STREAM_FETCH);
            ps.setDouble(1, step.toNanos() / 1e9);
            Sql.setTime(ps, 2, from);
            Sql.setTime(ps, 3, to);
            ps.setInt(4, seriesId);
            long n = 0;
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new TextPoint(Sql.getTime(rs, 1), rs.getString(2), rs.getLong(3)));
                    n++;
                }
            }
            return n;
        }
    }

    /** Up to {@code limit} events matching {@code filter}: the newest ones, returned oldest first. */
    public List<EventView> events(EventFilter filter, int limit) {
        var sql = new StringBuilder(
                "SELECT id, type, asset, ts, model, score, threshold, detail::text FROM events WHERE TRUE");
        var args = new ArrayList<Object>();
        filter.type().ifPresent(t -> where(sql, args, " AND type = ?", t));
        filter.asset().ifPresent(a -> where(sql, args, " AND asset = ?", a));
        filter.from().ifPresent(f -> where(sql, args, " AND ts >= ?", f));
        filter.to().ifPresent(t -> where(sql, args, " AND ts < ?", t));
        sql.append(" ORDER BY ts DESC, id DESC LIMIT ").append(limit);
        return pool.call("listing events", c -> {
            try (var ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    if (args.get(i) instanceof Instant t) {
                        Sql.setTime(ps, i + 1, t);
                    } else {
                        ps.setString(i + 1, (String) args.get(i));
                    }
                }
                var list = new ArrayList<EventView>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new EventView(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                Sql.getTime(rs, 4),
                                rs.getString(5),
                                Sql.getDouble(rs, 6),
                                Sql.getDouble(rs, 7),
                                rs.getString(8)));
                    }
                }
                Collections.reverse(list);
                return list;
            }
        });
    }

    private static void where(StringBuilder sql, List<Object> args, String clause, Object arg) {
        sql.append(clause);
        args.add(arg);
    }

    /** Committed rows: samples, score rows (one per window) and anomaly events. */
    public HubTotals totals() {
        return pool.call("counting committed rows", c -> {
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT (SELECT count(*) FROM samples), (SELECT count(*) FROM scores),"
                            + " (SELECT count(*) FROM events WHERE type = 'anomaly')")) {
                rs.next();
                return new HubTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }

    /** Everything the latest-value cache needs at start: agents, assets, each series' and model's last value. */
    public LatestValues.Snapshot latestSnapshot() {
        return pool.call("loading latest values", c -> {
            var snapshot = new LatestValues.Snapshot(
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            try (var st = c.createStatement()) {
                try (var rs = st.executeQuery("SELECT id, status FROM agents")) {
                    while (rs.next()) {
                        snapshot.agents().add(new AgentView(rs.getString(1), rs.getString(2), List.of()));
                    }
                }
                try (var rs = st.executeQuery("SELECT id, agent, protocol, device, status FROM assets")) {
                    while (rs.next()) {
                        snapshot.assets().add(Sql.assetRow(rs));
                    }
                }
                try (var rs = st.executeQuery("SELECT s.asset, s.tag, s.unit, l.value, l.ts, l.quality FROM series s"
                        + " LEFT JOIN LATERAL (SELECT value, ts, quality FROM samples WHERE series_id = s.id"
                        + " ORDER BY ts DESC LIMIT 1) l ON TRUE WHERE s.data_type = 'double'")) {
                    while (rs.next()) {
                        Instant t = Sql.getTime(rs, 5);
                        var q = t == null ? null : Quality.fromCode(rs.getInt(6));
                        snapshot.tags()
                                .add(new LatestValues.AssetTag(
                                        rs.getString(1),
                                        new TagView(rs.getString(2), rs.getString(3), Sql.getDouble(rs, 4), t, q)));
                    }
                }
                latestTexts(st, snapshot);
                try (var rs = st.executeQuery("SELECT DISTINCT ON (asset, model) asset, model, value, ts FROM scores"
                        + " ORDER BY asset, model, ts DESC")) {
                    while (rs.next()) {
                        snapshot.scores()
                                .add(new LatestValues.AssetScoreView(
                                        rs.getString(1),
                                        new ScoreView(rs.getString(2), rs.getDouble(3), Sql.getTime(rs, 4))));
                    }
                }
            }
            return snapshot;
        });
    }
}
