package io.vigil.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays out the time-series tables for the database at hand: with TimescaleDB available, {@code samples} and
 * {@code scores} become hypertables (chunks by day); on plain PostgreSQL a BRIN index on time keeps range scans over
 * every series cheap while costing almost nothing at insert time, and the hub keeps the rollup tables itself
 * ({@link Rollups}). Should any TimescaleDB statement fail, the plain layout applies (on top of whatever hypertables
 * were made), which is slower but answers the same. Idempotent: run on every start, under an advisory lock held for
 * the connection's life, because {@code CREATE INDEX IF NOT EXISTS} is not safe against a concurrent one (two hubs of
 * a cluster starting together on a fresh database).
 */
public final class TimeSeriesLayout {
    private static final Logger log = LoggerFactory.getLogger(TimeSeriesLayout.class);

    /** Which layout was applied. */
    public enum Kind {
        TIMESCALE,
        PLAIN
    }

    private static final long LOCK_KEY = 0x76696c61L; // "vila"

    private TimeSeriesLayout() {}

    /** Where the rollups of a database with this layout live. */
    public static RollupSource rollups(Kind kind) {
        return kind == Kind.TIMESCALE ? RollupSource.TIMESCALE : RollupSource.PLAIN;
    }

    public static Kind apply(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            try (var st = c.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            if (timescaleAvailable(c) && tryTimescale(c)) {
                return Kind.TIMESCALE;
            }
            plain(c);
            return Kind.PLAIN;
        } catch (SQLException e) {
            throw new StoreException("cannot lay out the time-series tables: " + e.getMessage(), e);
        }
    }

    static boolean timescaleAvailable(Connection c) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            return rs.next();
        }
    }

    private static boolean tryTimescale(Connection c) {
        try (var st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            for (String table : new String[] {"samples", "scores"}) {
                st.execute("SELECT create_hypertable('" + table + "', 'ts', chunk_time_interval => INTERVAL '1 day',"
                        + " if_not_exists => TRUE, migrate_data => TRUE)");
            }
            for (String sql : TimescaleRollups.statements(Optional.empty())) {
                st.execute(sql);
            }
            log.info("TimescaleDB found: samples and scores are hypertables, with continuous aggregates per minute and"
                    + " hour and compression after 7 days");
            return true;
        } catch (SQLException e) {
            log.warn(
                    "TimescaleDB is installed but could not be enabled ({}); using plain PostgreSQL tables."
                            + " Is timescaledb in shared_preload_libraries?",
                    e.getMessage());
            return false;
        }
    }

    private static void plain(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("CREATE INDEX IF NOT EXISTS samples_ts_brin ON samples USING brin (ts)");
            st.execute("CREATE INDEX IF NOT EXISTS scores_ts_brin ON scores USING brin (ts)");
        }
        log.info("plain PostgreSQL (no TimescaleDB): BRIN indexes on time");
    }
}
