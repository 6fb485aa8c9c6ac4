package io.vigil.hub.store.rollup;

import io.vigil.hub.store.Sql;
import io.vigil.hub.store.StoreException;
import io.vigil.hub.store.rollup.RollupPlan.Range;
import io.vigil.hub.store.schema.StorageSettings;
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
 * as a new dirty range. Minutes that received a commit within {@code quiet} are left for a later pass (up to
 * {@code maxWait}), so a back-fill streaming into one old minute costs one re-aggregation, not one per pass; a query
 * reads raw samples there meanwhile. A range committed while a pass runs is not among those it read, so it stays for the next
 * pass: no clock or ordering assumption is needed for correctness. Passes of two hubs on one database are serialized
 * by an advisory lock. A crash mid-pass leaves the dirty ranges in place, and re-rolling is idempotent.
 */
public final class Rollups {
    private static final Logger log = LoggerFactory.getLogger(Rollups.class);
    private static final long LOCK_KEY = 0x76696772L; // "vigr"
    private static final Duration CHUNK = Duration.ofHours(1);

    /** What one pass did: minute buckets re-aggregated, dirty ranges consumed, minutes left for later as hot. */
    public record Refresh(long minutes, long dirtyRangesConsumed, long hotMinutes) {}

    /** One row of {@code rollup_dirty}, with its whole closed minutes and the rest. */
    private record Dirty(long id, Instant lo, Instant hi, Instant at, Range closedPart, Range openPart) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final RollupSettings settings;
    private final StorageSettings storage;

    public Rollups(DataSource dataSource, Clock clock, RollupSettings settings) {
        this(dataSource, clock, settings, StorageSettings.DEFAULT);
    }

    /**
     * Rollups that never re-aggregate a minute before the raw-sample retention cutoff of {@code storage}: its raw
     * samples are gone (or about to be), so a late sample there would otherwise replace the minute's rollup with an
     * aggregate of that one sample. Such a dirty range is consumed without rolling.
     */
    public Rollups(DataSource dataSource, Clock clock, RollupSettings settings, StorageSettings storage) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
        this.storage = storage;
    }

    /** One pass; blocking. Throws {@link StoreException} on a database failure (the next pass retries). */
    public Refresh refresh() {
        try (Connection c = dataSource.getConnection()) {
            if (!Sql.tryAdvisoryLock(c, LOCK_KEY)) {
                return new Refresh(0, 0, 0);
            }
            try {
                return refresh(c);
            } finally {
                Sql.advisoryUnlock(c, LOCK_KEY);
            }
        } catch (SQLException e) {
            throw new StoreException("rollup refresh failed: " + e.getMessage(), e);
        }
    }

    private Refresh refresh(Connection c) throws SQLException {
        Instant now = clock.instant();
        Instant closed = RollupPlan.floor(now.minus(settings.settle()), RollupPlan.MINUTE);
        List<Dirty> rows = read(c, closed);
        if (rows.isEmpty()) {
            return new Refresh(0, 0, 0);
        }
        List<Range> hot = hot(rows, now);
        var consumed = rows.stream()
                .filter(d -> d.closedPart() == null || !overlaps(d.closedPart(), hot))
                .toList();
        var toRoll = subtract(
                subtract(
                        merge(consumed.stream()
                                .map(Dirty::closedPart)
                                .filter(r -> r != null)
                                .toList()),
                        hot),
                expired(now));
        c.setAutoCommit(false);
        try {
            long minutes = 0;
            for (Range r : toRoll) {
                for (Instant a = r.from(); a.isBefore(r.to()); a = a.plus(CHUNK)) {
                    Instant b = a.plus(CHUNK).isBefore(r.to()) ? a.plus(CHUNK) : r.to();
                    roll(c, a, b);
                    c.commit();
                    minutes += Duration.between(a, b).toMinutes();
                }
            }
            consume(c, consumed);
            c.commit();
            long hotMinutes = hot.stream()
                    .mapToLong(r -> Duration.between(r.from(), r.to()).toMinutes())
                    .sum();
            log.debug("rolled up {} minute(s), {} hot minute(s) left for later", minutes, hotMinutes);
            return new Refresh(minutes, consumed.size(), hotMinutes);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static List<Dirty> read(Connection c, Instant closed) throws SQLException {
        var rows = new ArrayList<Dirty>();
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT id, lo, hi, at FROM rollup_dirty")) {
            while (rs.next()) {
                Instant lo = Sql.getTime(rs, 2);
                Instant hi = Sql.getTime(rs, 3);
                var closedParts = new ArrayList<Range>(1);
                var openParts = new ArrayList<Range>(1);
                split(lo, hi, closed, closedParts, openParts);
                rows.add(new Dirty(
                        rs.getLong(1),
                        lo,
                        hi,
                        Sql.getTime(rs, 4),
                        closedParts.isEmpty() ? null : closedParts.get(0),
                        openParts.isEmpty() ? null : openParts.get(0)));
            }
        }
        return rows;
    }

    /**
     * The closed minutes still being written to: touched by a commit within {@code quiet}, unless some commit
     * touching them has waited longer than {@code maxWait}.
     */
    private List<Range> hot(List<Dirty> rows, Instant now) {
        Instant quietSince = now.minus(settings.quiet());
        Instant starvedBefore = now.minus(settings.maxWait());
        var hot = merge(rows.stream()
                .filter(d -> d.closedPart() != null && d.at().isAfter(quietSince))
                .map(Dirty::closedPart)
                .toList());
        return hot.stream()
                .filter(h -> rows.stream()
                        .filter(d -> d.closedPart() != null && overlaps(d.closedPart(), List.of(h)))
                        .noneMatch(d -> d.at().isBefore(starvedBefore)))
                .toList();
    }

    /** Before the raw-sample retention cutoff: nothing left to roll from (empty when samples are kept forever). */
    private List<Range> expired(Instant now) {
        return storage.sampleCutoff(now)
                .map(cutoff -> List.of(new Range(Instant.EPOCH.minus(Duration.ofDays(365 * 100)), cutoff)))
                .orElse(List.of());
    }

    private static boolean overlaps(Range r, List<Range> ranges) {
        return ranges.stream()
                .anyMatch(h -> r.from().isBefore(h.to()) && h.from().isBefore(r.to()));
    }

    /** {@code ranges} (sorted, disjoint) without the parts inside {@code holes} (sorted, disjoint). */
    static List<Range> subtract(List<Range> ranges, List<Range> holes) {
        var out = new ArrayList<Range>();
        for (Range r : ranges) {
            Instant from = r.from();
            for (Range h : holes) {
                if (!h.to().isAfter(from) || !h.from().isBefore(r.to())) {
                    continue;
                }
                if (from.isBefore(h.from())) {
                    out.add(new Range(from, h.from()));
                }
                from = h.to();
            }
            if (from.isBefore(r.to())) {
                out.add(new Range(from, r.to()));
            }
        }
        return out;
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

    /** Deletes the consumed rows and records their parts that are not closed yet, keeping their commit time. */
    private static void consume(Connection c, List<Dirty> consumed) throws SQLException {
        try (var del = c.prepareStatement("DELETE FROM rollup_dirty WHERE id = ANY (?)");
                var ins = c.prepareStatement("INSERT INTO rollup_dirty (lo, hi, at) VALUES (?, ?, ?)")) {
            del.setArray(
                    1,
                    c.createArrayOf("bigint", consumed.stream().map(Dirty::id).toArray()));
            del.executeUpdate();
            var open = consumed.stream().filter(d -> d.openPart() != null).toList();
            if (open.isEmpty()) {
                return;
            }
            // one row for all of them: the open parts all start at or after the closed boundary
            Instant lo = open.stream()
                    .map(d -> d.openPart().from())
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            Instant hi =
                    open.stream().map(Dirty::hi).max(Comparator.naturalOrder()).orElseThrow();
            Instant at =
                    open.stream().map(Dirty::at).max(Comparator.naturalOrder()).orElseThrow();
            Sql.setTime(ins, 1, lo);
            Sql.setTime(ins, 2, hi);
            Sql.setTime(ins, 3, at);
            ins.executeUpdate();
        }
    }
}
