package io.vigil.hub.store.schema;

import io.vigil.hub.store.Sql;
import io.vigil.hub.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Declarative range partitioning by {@code ts} of one time table on plain PostgreSQL: the parent {@code T}, daily
 * partitions {@code T_pYYYYMMDD} (UTC days), a catch-all {@code T_default} for a row whose day has no partition yet, and
 * at most one {@code T_legacy}, the table as it was before partitioning. Every statement here runs on the caller's
 * connection; table names come from the code, never from input.
 *
 * <p>A day partition is created standalone and then attached, in one transaction that first locks the default
 * partition and moves that day's rows out of it: {@code ATTACH PARTITION} takes only a SHARE UPDATE EXCLUSIVE lock on
 * the parent, so writers routing to other partitions keep going, whereas {@code CREATE TABLE ... PARTITION OF} would
 * lock the parent exclusively, and would fail outright once the default partition holds a row of that day.
 */
final class RangePartitions {
    static final Duration DAY = Duration.ofDays(1);
    private static final DateTimeFormatter DAY_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** One partition with a range; {@code rowEstimate} is the planner's (-1: never analyzed). */
    record Partition(String name, Instant from, Instant to, long rowEstimate) {}

    private RangePartitions() {}

    static String defaultPartition(String table) {
        return table + "_default";
    }

    static String dayPartition(String table, Instant day) {
        return table + "_p" + DAY_NAME.format(day);
    }

    static Instant floorDay(Instant t) {
        return t.truncatedTo(ChronoUnit.DAYS);
    }

    /**
     * {@code r} (ordinary), {@code p} (partitioned), {@code h} (a TimescaleDB hypertable, or any table with
     * inheritance children, which is left alone), or empty when {@code table} does not exist.
     */
    static Optional<String> kind(Connection c, String table) throws SQLException {
        String kind;
        try (var ps = c.prepareStatement("SELECT relkind, EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = oid)"
                + " FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                kind = rs.getString(1).equals("r") && rs.getBoolean(2) ? "h" : rs.getString(1);
            }
        }
        return Optional.of(kind.equals("r") && hypertable(c, table) ? "h" : kind);
    }

    private static boolean hypertable(Connection c, String table) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT to_regclass('_timescaledb_catalog.hypertable') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (var ps = c.prepareStatement("SELECT 1 FROM _timescaledb_catalog.hypertable WHERE table_name = ?")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Turns the ordinary table {@code table} into a partitioned one keeping every row, in one transaction: the table
     * is renamed {@code T_legacy} (its indexes too), a partitioned {@code T} with the same columns, defaults, checks
     * and primary key takes its name, and the old table is attached as one partition bounded by the UTC days of its
     * data (dropped instead when empty). Attaching reads the old table once to check the bound, but copies nothing,
     * and the rows stay where they are: moving them would rewrite the whole history while the hub waits to start.
     * New days get partitions of their own; the legacy one is dropped by retention once its last day has expired.
     * Returns what became of the rows, for the log.
     */
    static String convert(Connection c, String table) throws SQLException {
        String legacy = table + "_legacy";
        String primaryKey = primaryKey(c, table);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
            for (String index : indexes(c, table)) {
                if (index.startsWith(table + "_")) {
                    st.execute("ALTER INDEX " + index + " RENAME TO " + legacy + index.substring(table.length()));
                }
            }
            st.execute("ALTER TABLE " + table + " RENAME TO " + legacy);
            st.execute("CREATE TABLE " + table + " (LIKE " + legacy
                    + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (ts)");
            st.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_pkey " + primaryKey);
            st.execute("CREATE INDEX " + table + "_ts_brin ON " + table + " USING brin (ts)");
            Optional<Instant[]> span = span(c, legacy);
            String outcome = "it was empty";
            if (span.isPresent()) {
                Instant from = floorDay(span.get()[0]);
                Instant to = floorDay(span.get()[1]).plus(DAY);
                st.execute("ALTER TABLE " + table + " ATTACH PARTITION " + legacy + " FOR VALUES FROM ('" + from
                        + "') TO ('" + to + "')");
                outcome = "its rows stay in partition " + legacy + " [" + from + ", " + to + ")";
            } else {
                st.execute("DROP TABLE " + legacy);
            }
            st.execute("CREATE TABLE " + defaultPartition(table) + " PARTITION OF " + table + " DEFAULT");
            c.commit();
            return outcome;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String primaryKey(Connection c, String table) throws SQLException {
        try (var ps = c.prepareStatement(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'p'")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("table " + table + " has no primary key to partition by ts with", null);
                }
                return rs.getString(1);
            }
        }
    }

    private static List<String> indexes(Connection c, String table) throws SQLException {
        var names = new ArrayList<String>();
        try (var ps = c.prepareStatement(
                "SELECT ci.relname FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid WHERE i.indrelid = to_regclass(?)")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static Optional<Instant[]> span(Connection c, String table) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT min(ts), max(ts) FROM " + table)) {
            rs.next();
            Instant min = Sql.getTime(rs, 1);
            return min == null ? Optional.empty() : Optional.of(new Instant[] {min, Sql.getTime(rs, 2)});
        }
    }

    /**
     * The BRIN index on the parent (and so on every partition), and the default partition, when missing. Looked up in
     * the catalog first: {@code CREATE ... IF NOT EXISTS} would lock the tables before finding out, and a SHARE lock
     * on the parent taken while a keeper of another hub attaches a partition is a deadlock.
     */
    static void ensureIndexAndDefault(Connection c, String table) throws SQLException {
        try (var st = c.createStatement()) {
            if (!exists(c, table + "_ts_brin")) {
                st.execute("CREATE INDEX IF NOT EXISTS " + table + "_ts_brin ON " + table + " USING brin (ts)");
            }
            if (!exists(c, defaultPartition(table))) {
                st.execute("CREATE TABLE IF NOT EXISTS " + defaultPartition(table) + " PARTITION OF " + table
                        + " DEFAULT");
            }
        }
    }

    private static boolean exists(Connection c, String relation) throws SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The partitions of {@code table} that have a range, oldest first (the default partition is not listed). */
    static List<Partition> list(Connection c, String table) throws SQLException {
        var parts = new ArrayList<Partition>();
        try (var ps = c.prepareStatement("SELECT p.relname, b[1]::timestamptz, b[2]::timestamptz, p.reltuples::bigint"
                + " FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid,"
                + " LATERAL regexp_match(pg_get_expr(p.relpartbound, p.oid), 'FROM \\(''(.+)''\\) TO \\(''(.+)''\\)') b"
                + " WHERE i.inhparent = to_regclass(?) AND b IS NOT NULL ORDER BY 2")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(new Partition(rs.getString(1), Sql.getTime(rs, 2), Sql.getTime(rs, 3), rs.getLong(4)));
                }
            }
        }
        return parts;
    }

    static boolean covered(List<Partition> parts, Instant day) {
        Instant end = day.plus(DAY);
        return parts.stream().anyMatch(p -> p.from().isBefore(end) && day.isBefore(p.to()));
    }

    /**
     * Creates the partition of the UTC day starting at {@code day}, moving that day's rows out of the default
     * partition, in one transaction that gives up after {@code lockTimeout} waiting for a lock (a writer holding the
     * default partition); the next pass retries.
     */
    static String createDay(Connection c, String table, Instant day, Duration lockTimeout) throws SQLException {
        String name = dayPartition(table, day);
        String def = defaultPartition(table);
        String range = "ts >= '" + day + "' AND ts < '" + day.plus(DAY) + "'";
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
            st.execute("LOCK TABLE " + def + " IN ACCESS EXCLUSIVE MODE");
            st.execute("CREATE TABLE " + name + " (LIKE " + table
                    + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)");
            st.execute("WITH moved AS (DELETE FROM ONLY " + def + " WHERE " + range + " RETURNING *) INSERT INTO "
                    + name + " SELECT * FROM moved");
            st.execute("ALTER TABLE " + table + " ATTACH PARTITION " + name + " FOR VALUES FROM ('" + day + "') TO ('"
                    + day.plus(DAY) + "')");
            c.commit();
            return name;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The UTC days (at most {@code limit}, oldest first) of rows in the default partition from {@code since} on. */
    static List<Instant> daysInDefault(Connection c, String table, Instant since, int limit) throws SQLException {
        var days = new ArrayList<Instant>();
        try (var ps =
                c.prepareStatement("SELECT DISTINCT date_bin(INTERVAL '1 day', ts, timestamptz 'epoch') d FROM ONLY "
                        + defaultPartition(table) + " WHERE ts >= ? ORDER BY d LIMIT " + limit)) {
            Sql.setTime(ps, 1, since);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(Sql.getTime(rs, 1));
                }
            }
        }
        return days;
    }

    /**
     * Drops one partition of {@code table}; waits at most {@code lockTimeout} for its exclusive lock on the parent,
     * taken first, in the order queries take theirs (parent, then partitions), so the two cannot deadlock.
     */
    static void drop(Connection c, String table, String partition, Duration lockTimeout) throws SQLException {
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
            st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            st.execute("DROP TABLE " + partition);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Deletes the rows of the default partition before {@code cutoff}; returns how many. */
    static long deleteFromDefault(Connection c, String table, Instant cutoff) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM ONLY " + defaultPartition(table) + " WHERE ts < ?")) {
            Sql.setTime(ps, 1, cutoff);
            return ps.executeUpdate();
        }
    }
}
