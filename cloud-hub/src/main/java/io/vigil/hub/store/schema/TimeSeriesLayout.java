package io.vigil.hub.store.schema;

import io.vigil.hub.store.Sql;
import io.vigil.hub.store.StoreException;
import io.vigil.hub.store.rollup.Rollups;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays out the time-series tables for the database at hand: with TimescaleDB available, {@code samples} and
 * {@code scores} become hypertables (chunks by day) with the policies of {@link TimescaleRollups}; on plain PostgreSQL
 * they become declaratively range-partitioned by {@code ts} (a partition per UTC day plus a default one, see
 * {@link RangePartitions}; kept by {@link PartitionKeeper}), with a BRIN index on time in every partition that keeps
 * range scans over every series cheap while costing almost nothing at insert time, and the hub keeps the rollup tables
 * itself ({@link Rollups}). Should any TimescaleDB statement fail, the plain layout applies (on top of whatever
 * hypertables were made: a hypertable is left as it is, not partitioned), which is slower but answers the same.
 *
 * <p>This is done here at start rather than in a versioned migration because {@code create_hypertable} needs the
 * tables un-partitioned: the migrations create ordinary tables, and only once it is known whether TimescaleDB is
 * present does one of the two layouts claim them. A table already partitioned stays so even if TimescaleDB is installed
 * later (the hub then falls back to the plain layout).
 *
 * <p>Idempotent: run on every start, under an advisory lock held for the connection's life, because neither
 * {@code CREATE INDEX IF NOT EXISTS} nor the conversion is safe against a concurrent one (two hubs of a cluster
 * starting together on a fresh database): the second hub finds the tables partitioned and leaves them.
 */
public final class TimeSeriesLayout {
    private static final Logger log = LoggerFactory.getLogger(TimeSeriesLayout.class);

    /** Which layout was applied. */
    public enum Kind {
        TIMESCALE,
        PLAIN
    }

    static final long LOCK_KEY = 0x76696c61L; // "vila"

    /** The tables partitioned by {@code ts} on plain PostgreSQL; one missing is skipped. */
    public static final List<String> TIME_TABLES = List.of("samples", "scores", "samples_text");

    private TimeSeriesLayout() {}

    /** Lays out the tables with the default {@link StorageSettings} (no retention policy on TimescaleDB). */
    public static Kind apply(DataSource ds) {
        return apply(ds, StorageSettings.DEFAULT);
    }

    /** Lays out the tables; {@code storage} gives the retention policies on TimescaleDB (the keeper's on plain). */
    public static Kind apply(DataSource ds, StorageSettings storage) {
        try (Connection c = ds.getConnection()) {
            try (var st = c.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                return layOut(ds, c, storage);
            } finally {
                // Released here, not by closing the connection: the server drops a session's locks only when its
                // backend has exited, after close() returns, and the hub's first partition pass would find it held.
                Sql.advisoryUnlock(c, LOCK_KEY);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot lay out the time-series tables: " + e.getMessage(), e);
        }
    }

    private static Kind layOut(DataSource ds, Connection c, StorageSettings storage) throws SQLException {
        if (timescaleAvailable(c) && timescaleEnabled(ds) && tryTimescale(c, storage)) {
            return Kind.TIMESCALE;
        }
        if (!c.isValid(10)) {
            throw new SQLException("the connection laying out the tables was lost while trying TimescaleDB");
        }
        plain(c);
        return Kind.PLAIN;
    }

    /**
     * Enables the extension on a connection of its own. Installed but not in {@code shared_preload_libraries}, {@code
     * CREATE EXTENSION} fails with FATAL and the server ends the session: tried on the connection that holds the
     * advisory lock and goes on to lay out the plain tables, it took the hub's start down with it ("This connection
     * has been closed"). Reading {@code shared_preload_libraries} first is no way round it: only superusers may, and
     * the hub usually owns just its database.
     */
    static boolean timescaleEnabled(DataSource ds) {
        try (Connection probe = ds.getConnection();
                var st = probe.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            return true;
        } catch (SQLException e) {
            log.warn(
                    "TimescaleDB is installed but cannot be enabled ({}); using plain PostgreSQL tables."
                            + " To use it, add timescaledb to shared_preload_libraries and restart PostgreSQL",
                    e.getMessage());
            return false;
        }
    }

    static boolean timescaleAvailable(Connection c) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            return rs.next();
        }
    }

    private static boolean tryTimescale(Connection c, StorageSettings storage) {
        try (var st = c.createStatement()) {
            for (String table : TIME_TABLES) {
                st.execute("SELECT create_hypertable('" + table + "', 'ts', chunk_time_interval => INTERVAL '1 day',"
                        + " if_not_exists => TRUE, migrate_data => TRUE)");
            }
            for (String sql : TimescaleRollups.statements(storage)) {
                st.execute(sql);
            }
            log.info(
                    "TimescaleDB found: samples, scores and samples_text are hypertables, with continuous aggregates per minute and"
                            + " hour and compression after 7 days");
            return true;
        } catch (SQLException e) {
            log.warn(
                    "TimescaleDB is enabled but laying out its tables failed ({}); using plain PostgreSQL tables",
                    e.getMessage());
            return false;
        }
    }

    private static void plain(Connection c) throws SQLException {
        for (String table : TIME_TABLES) {
            Optional<String> kind = RangePartitions.kind(c, table);
            if (kind.isEmpty()) {
                continue;
            }
            if (kind.get().equals("r")) {
                log.info("partitioned {} by day; {}", table, RangePartitions.convert(c, table));
            }
            if (RangePartitions.kind(c, table).orElseThrow().equals("p")) {
                RangePartitions.ensureIndexAndDefault(c, table);
            }
        }
        log.info("plain PostgreSQL (no TimescaleDB): daily partitions with BRIN indexes on time");
    }
}
