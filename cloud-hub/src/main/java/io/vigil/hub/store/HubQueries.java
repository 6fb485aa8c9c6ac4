package io.vigil.hub.store;

import io.vigil.core.hub.HubTotals;
import io.vigil.core.sample.Quality;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    public HubQueries(ConnectionPool pool) {
        this.pool = pool;
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
            try (var ps = c.prepareStatement("SELECT id, unit FROM series WHERE asset = ? AND tag = ?")) {
                ps.setString(1, asset);
                ps.setString(2, tag);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new SeriesRef(rs.getInt(1), rs.getString(2))) : Optional.empty();
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
        String sql = bucketSql("samples", "series_id = ?");
        return pool.call("downsampling series " + seriesId, c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setInt(4, seriesId);
                return points(ps, from, to, step);
            }
        });
    }

    /** Buckets of {@code step} over {@code [from, to)} of the scores of one model on one asset. */
    public List<Point> scorePoints(String asset, String model, Instant from, Instant to, Duration step) {
        String sql = bucketSql("scores", "asset = ? AND model = ?");
        return pool.call("downsampling scores of " + asset + "/" + model, c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setString(4, asset);
                ps.setString(5, model);
                return points(ps, from, to, step);
            }
        });
    }

    /**
     * Like {@link #samplePoints}, but hands each bucket to {@code sink} as PostgreSQL produces it (a server-side cursor
     * fetching {@link #STREAM_FETCH} rows at a time), so an export of any length holds one fetch in memory. A sink that
     * throws stops the query. Returns the number of buckets.
     */
    public long streamSamplePoints(int seriesId, Instant from, Instant to, Duration step, Consumer<Point> sink) {
        String sql = bucketSql("samples", "series_id = ?");
        return pool.call("exporting series " + seriesId, c -> stream(c, sql, from, to, step, sink, seriesId));
    }

    /** Like {@link #scorePoints}, streamed as {@link #streamSamplePoints} does. */
    public long streamScorePoints(
            String asset, String model, Instant from, Instant to, Duration step, Consumer<Point> sink) {
        String sql = bucketSql("scores", "asset = ? AND model = ?");
        return pool.call(
                "exporting scores of " + asset + "/" + model, c -> stream(c, sql, from, to, step, sink, asset, model));
    }

    private static long stream(
            Connection c, String sql, Instant from, Instant to, Duration step, Consumer<Point> sink, Object... args)
            throws SQLException {
        c.setAutoCommit(false);
        try (var ps = c.prepareStatement(sql)) {
            ps.setFetchSize(STREAM_FETCH);
            ps.setDouble(1, step.toNanos() / 1e9);
            Sql.setTime(ps, 2, from);
            Sql.setTime(ps, 3, to);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(4 + i, args[i]);
            }
            long n = 0;
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Point(
                            Sql.getTime(rs, 1),
                            Sql.getDouble(rs, 2),
                            Sql.getDouble(rs, 3),
                            Sql.getDouble(rs, 4),
                            rs.getLong(5)));
                    n++;
                }
            }
            c.commit();
            return n;
        }
    }

    private static String bucketSql(String table, String where) {
        return "SELECT date_bin(make_interval(secs => ?), ts, timestamptz 'epoch') AS b,"
                + " avg(value), min(value), max(value), count(value) FROM " + table
                + " WHERE ts >= ? AND ts < ? AND " + where + " GROUP BY b ORDER BY b";
    }

    private static List<Point> points(PreparedStatement ps, Instant from, Instant to, Duration step)
            throws SQLException {
        ps.setDouble(1, step.toNanos() / 1e9);
        Sql.setTime(ps, 2, from);
        Sql.setTime(ps, 3, to);
        var list = new ArrayList<Point>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new Point(
                        Sql.getTime(rs, 1),
                        Sql.getDouble(rs, 2),
                        Sql.getDouble(rs, 3),
                        Sql.getDouble(rs, 4),
                        rs.getLong(5)));
            }
        }
        return list;
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
                        + " ORDER BY ts DESC LIMIT 1) l ON TRUE")) {
                    while (rs.next()) {
                        Instant t = Sql.getTime(rs, 5);
                        var q = t == null ? null : Quality.fromCode(rs.getInt(6));
                        snapshot.tags()
                                .add(new LatestValues.AssetTag(
                                        rs.getString(1),
                                        new TagView(rs.getString(2), rs.getString(3), Sql.getDouble(rs, 4), t, q)));
                    }
                }
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
