package io.vigil.hub.store;

import io.vigil.hub.store.RollupPlan.Range;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code samples_1m} and {@code samples_1h} up to date on plain PostgreSQL, off the ingest commit path.
 *
 * <p>Every ingest transaction that adds samples records the time range it touched in {@code rollup_dirty}, in the
 * same transaction (one small row per commit of thousands of samples). A {@link #refresh} pass reads the dirty ranges,
 * re-aggregates every whole minute they touch that is closed (ended at least {@code settle} ago) from the raw samples
 * (delete and insert, so late and back-filled data are rolled exactly like on-time data), re-aggregates the hours
 * those minutes fall in from the minute rows, then deletes the ranges it consumed and records what is not closed yet
 * as a new dirty range. A range committed while a pass runs is not among those it read, so it stays for the next
 * pass: no clock or ordering assumption is needed for correctness. Passes of two hubs on one database are serialized
 * by an advisory lock. A crash mid-pass leaves the dirty ranges in place, and re-rolling is idempotent.
 */
public final class Rollups {
    private static final Logger log = LoggerFactory.getLogger(Rollups.class);
    private static final long LOCK_KEY = 0x76696772L; // "vigr"
    private static final Duration CHUNK = Duration.ofHours(1);

    /** What one pass did: the number of minute buckets re-aggregated ({@code 0} when another hub held the lock). */
    public record Refresh(long minutes, long dirtyRangesConsumed) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration settle;

    /**
     * @param settle how long after a minute ends before it is rolled up (rolling it earlier is correct but wasted,
     *     since it would be rolled again)
     */
    public Rollups(DataSource dataSource, Clock clock, Duration settle) {
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative, got " + settle);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.settle = settle;
    }

    /** One pass; blocking. Throws {@link StoreException} on a database failure (the next pass retries). */
    public Refresh refresh() {
        try (Connection c = dataSource.getConnection()) {
            if (!tryLock(c)) {
                return new Refresh(0, 0);
            }
            try {
                return refresh(c);
            } finally {
                unlock(c);
            }
        } catch (SQLException e) {
            throw new StoreException("rollup refresh failed: " + e.getMessage(), e);
        }
    }

    private Refresh refresh(Connection c) throws SQLException {
        Instant closed = RollupPlan.floor(clock.instant().minus(settle), RollupPlan.MINUTE);
        var ids = new ArrayList<Long>();
        var closedRanges = new ArrayList<Range>();
        var openRanges = new ArrayList<Range>();
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT id, lo, hi FROM rollup_dirty")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
                split(Sql.getTime(rs, 2), Sql.getTime(rs, 3), closed, closedRanges, openRanges);
            }
        }
        if (ids.isEmpty()) {
            return new Refresh(0, 0);
        }
        c.setAutoCommit(false);
        try {
            long minutes = 0;
            for (Range r : merge(closedRanges)) {
                for (Instant a = r.from(); a.isBefore(r.to()); a = a.plus(CHUNK)) {
                    Instant b = a.plus(CHUNK).isBefore(r.to()) ? a.plus(CHUNK) : r.to();
                    roll(c, a, b);
                    c.commit();
                    minutes += Duration.between(a, b).toMinutes();
                }
            }
            consume(c, ids, merge(openRanges));
            c.commit();
            log.debug("rolled up {} minute(s) from {} dirty range(s)", minutes, ids.size());
            return new Refresh(minutes, ids.size());
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The whole minutes of {@code [lo, hi]} before {@code closed}, and the rest (as a range of sample times). */
    static void split(Instant lo, Instant hi, Instant closed, List<Range> closedRanges, List<Range> open) {
        Instant a = RollupPlan.floor(lo, RollupPlan.MINUTE);
        Instant b = RollupPlan.floor(hi, RollupPlan.MINUTE).plus(RollupPlan.MINUTE);
        if (a.isBefore(closed)) {
            closedRanges.add(new Range(a, b.isBefore(closed) ? b : closed));
        }
        if (b.isAfter(closed)) {
            open.add(new Range(lo.isAfter(closed) ? lo : closed, b));
        }
    }

    /** Sorted, with overlapping and touching ranges joined. */
    static List<Range> merge(List<Range> ranges) {
        var sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(Range::from));
        var out = new ArrayList<Range>();
        for (Range r : sorted) {
            Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !r.from().isAfter(last.to())) {
                out.set(out.size() - 1, new Range(last.from(), r.to().isAfter(last.to()) ? r.to() : last.to()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static void roll(Connection c, Instant a, Instant b) throws SQLException {
        replace(
                c,
                "samples_1m",
                a,
                b,
                "SELECT series_id, date_bin(INTERVAL '1 minute', ts, timestamptz 'epoch'), count(value), sum(value),"
                        + " min(value), max(value), max(ts) FILTER (WHERE value IS NOT NULL),"
                        + " (array_agg(value ORDER BY ts DESC) FILTER (WHERE value IS NOT NULL))[1]"
                        + " FROM samples WHERE ts >= ? AND ts < ? GROUP BY 1, 2");
        replace(
                c,
                "samples_1h",
                RollupPlan.floor(a, RollupPlan.HOUR),
                RollupPlan.ceil(b, RollupPlan.HOUR),
                "SELECT series_id, date_bin(INTERVAL '1 hour', bucket, timestamptz 'epoch'), sum(n)::bigint, sum(sum),"
                        + " min(min), max(max), max(last_ts),"
                        + " (array_agg(last_value ORDER BY last_ts DESC) FILTER (WHERE last_ts IS NOT NULL))[1]"
                        + " FROM samples_1m WHERE bucket >= ? AND bucket < ? GROUP BY 1, 2");
    }

    private static void replace(Connection c, String table, Instant a, Instant b, String select) throws SQLException {
        try (var del = c.prepareStatement("DELETE FROM " + table + " WHERE bucket >= ? AND bucket < ?");
                var ins = c.prepareStatement("INSERT INTO " + table
                        + " (series_id, bucket, n, sum, min, max, last_ts, last_value) " + select)) {
            Sql.setTime(del, 1, a);
            Sql.setTime(del, 2, b);
            del.executeUpdate();
            Sql.setTime(ins, 1, a);
            Sql.setTime(ins, 2, b);
            ins.executeUpdate();
        }
    }

    private static void consume(Connection c, List<Long> ids, List<Range> open) throws SQLException {
        try (var del = c.prepareStatement("DELETE FROM rollup_dirty WHERE id = ANY (?)");
                var ins = c.prepareStatement("INSERT INTO rollup_dirty (lo, hi) VALUES (?, ?)")) {
            del.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            del.executeUpdate();
            for (Range r : open) {
                Sql.setTime(ins, 1, r.from());
                Sql.setTime(ins, 2, r.to().minus(Duration.ofNanos(1000))); // hi is inclusive: the last microsecond
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void unlock(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (var st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }
}
