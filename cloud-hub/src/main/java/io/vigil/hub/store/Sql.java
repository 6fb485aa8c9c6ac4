package io.vigil.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between java.time and JDBC that every query here needs. */
public final class Sql {
    private Sql() {}

    public static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    public static Instant getTime(ResultSet rs, int index) throws SQLException {
        var t = rs.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Double getDouble(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? null : v;
    }

    /** Microseconds since the epoch: PostgreSQL's timestamp resolution. */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    public static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000);
    }

    public static AssetRow assetRow(ResultSet rs) throws SQLException {
        return new AssetRow(
                rs.getString("id"),
                rs.getString("agent"),
                rs.getString("protocol"),
                rs.getString("device"),
                rs.getString("status"));
    }

    /** Takes the session-level advisory lock {@code key} if free; false when another session holds it. */
    public static boolean tryAdvisoryLock(Connection c, long key) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Releases the advisory lock {@code key}, first ending any open transaction by returning to auto-commit. */
    public static void advisoryUnlock(Connection c, long key) throws SQLException {
        c.setAutoCommit(true);
        try (var st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + key + ")");
        }
    }
}
