package io.vigil.hub.store.schema;

import io.vigil.hub.store.BackgroundPass;
import io.vigil.hub.store.Sql;
import io.vigil.hub.store.StoreException;
import io.vigil.hub.store.schema.RangePartitions.Partition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daily partitions of the time tables on plain PostgreSQL ({@link TimeSeriesLayout} partitions them) and
 * applies the retention of {@link StorageSettings}. One {@link #pass}, for each table:
 *
 * <ol>
 *   <li>creates the partitions of today and the next {@code daysAhead} days that no partition covers yet;
 *   <li>gives every day that has rows in the default partition (a back-fill, a device clock off by days, a day the
 *       hub was down over) a partition of its own, moving its rows there, up to {@value #ADOPT_PER_PASS} days a pass;
 *   <li>with a retention, drops each partition wholly older than the cutoff (logged at INFO with its range and the
 *       planner's row estimate) and deletes the default partition's rows before it.
 * </ol>
 *
 * Then it deletes rollup rows older than their own retention. A sample whose day has no partition is never lost: it
 * lands in the default partition and is adopted by the next pass. A pass holds the advisory lock of
 * {@link TimeSeriesLayout} (tried, not waited for: a pass that finds it taken skips), so passes of two hubs, and a
 * pass and another hub laying out the tables at its start, never run their DDL at once. DDL waits at most {@value #LOCK_TIMEOUT_S} s for a lock held by ingest and
 * else gives up until the next pass. Blocking: run it off the event loop ({@link BackgroundPass}).
 */
public final class PartitionKeeper {
    private static final Logger log = LoggerFactory.getLogger(PartitionKeeper.class);
    /** The layout's lock: a pass and {@link TimeSeriesLayout#apply} of another hub never run DDL at once. */
    private static final long LOCK_KEY = TimeSeriesLayout.LOCK_KEY;

    private static final int ADOPT_PER_PASS = 64;
    private static final int LOCK_TIMEOUT_S = 5;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(LOCK_TIMEOUT_S);

    /** The partitions with a range of one table after a pass; {@code oldest} is the first day still kept. */
    public record TableState(String table, int partitions, Optional<Instant> oldest) {}

    /** What one pass did, and the state it left. */
    public record Pass(
            int created, int dropped, long defaultRowsDeleted, long rollupRowsDeleted, List<TableState> tables) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final StorageSettings settings;
    private final List<String> tables;
    private volatile List<TableState> state = List.of();

    /** Keeps {@code tables} (each partitioned by {@code ts}; see {@link TimeSeriesLayout#TIME_TABLES}). */
    public PartitionKeeper(DataSource dataSource, Clock clock, StorageSettings settings, List<String> tables) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
        this.tables = List.copyOf(tables);
    }

    /** One pass; blocking. Throws {@link StoreException} on a database failure (the next pass retries). */
    public Pass pass() {
        try (Connection c = dataSource.getConnection()) {
            if (!Sql.tryAdvisoryLock(c, LOCK_KEY)) {
                return new Pass(0, 0, 0, 0, state);
            }
            try {
                return pass(c);
            } finally {
                Sql.advisoryUnlock(c, LOCK_KEY);
            }
        } catch (SQLException e) {
            throw new StoreException("partition pass failed: " + e.getMessage(), e);
        }
    }

    /** The state after the last pass (empty before the first), for metrics. */
    public List<TableState> state() {
        return state;
    }

    private Pass pass(Connection c) throws SQLException {
        Instant now = clock.instant();
        Instant today = RangePartitions.floorDay(now);
        Optional<Instant> cutoff = settings.sampleCutoff(now);
        int created = 0;
        int dropped = 0;
        long defaultDeleted = 0;
        var states = new ArrayList<TableState>();
        for (String table : tables) {
            if (!"p".equals(RangePartitions.kind(c, table).orElse(""))) {
                continue;
            }
            created += ensure(c, table, today, cutoff);
            if (cutoff.isPresent()) {
                dropped += expire(c, table, cutoff.get());
                defaultDeleted += RangePartitions.deleteFromDefault(c, table, cutoff.get());
            }
            var parts = RangePartitions.list(c, table);
            states.add(new TableState(
                    table,
                    parts.size(),
                    parts.isEmpty()
                            ? Optional.empty()
                            : Optional.of(parts.get(0).from())));
        }
        long rollupDeleted = deleteRollups(c, now);
        state = List.copyOf(states);
        return new Pass(created, dropped, defaultDeleted, rollupDeleted, state);
    }

    private int ensure(Connection c, String table, Instant today, Optional<Instant> cutoff) throws SQLException {
        var wanted = new TreeSet<Instant>();
        for (int d = 0; d <= settings.daysAhead(); d++) {
            wanted.add(today.plus(RangePartitions.DAY.multipliedBy(d)));
        }
        wanted.addAll(RangePartitions.daysInDefault(c, table, cutoff.orElse(Instant.EPOCH), ADOPT_PER_PASS));
        List<Partition> parts = RangePartitions.list(c, table);
        int created = 0;
        for (Instant day : wanted) {
            if (!RangePartitions.covered(parts, day)) {
                String name = RangePartitions.createDay(c, table, day, LOCK_TIMEOUT);
                log.debug("created partition {} for {}", name, day);
                created++;
            }
        }
        return created;
    }

    private int expire(Connection c, String table, Instant cutoff) throws SQLException {
        int dropped = 0;
        for (Partition p : RangePartitions.list(c, table)) {
            if (!p.to().isAfter(cutoff)) {
                RangePartitions.drop(c, table, p.name(), LOCK_TIMEOUT);
                log.info(
                        "retention: dropped partition {} [{}, {}) of {}, about {} rows (planner estimate), older than"
                                + " {} day(s)",
                        p.name(),
                        p.from(),
                        p.to(),
                        table,
                        p.rowEstimate() < 0 ? "an unknown number of" : p.rowEstimate(),
                        settings.retentionDays());
                dropped++;
            }
        }
        return dropped;
    }

    private long deleteRollups(Connection c, Instant now) throws SQLException {
        long n = 0;
        n += deleteBefore(c, "samples_1m", settings.minuteCutoff(now));
        n += deleteBefore(c, "samples_1h", settings.hourCutoff(now));
        return n;
    }

    private static long deleteBefore(Connection c, String table, Optional<Instant> cutoff) throws SQLException {
        if (cutoff.isEmpty() || RangePartitions.kind(c, table).isEmpty()) {
            return 0;
        }
        try (var ps = c.prepareStatement("DELETE FROM " + table + " WHERE bucket < ?")) {
            Sql.setTime(ps, 1, cutoff.get());
            long n = ps.executeUpdate();
            if (n > 0) {
                log.info("retention: deleted {} rows of {} before {}", n, table, cutoff.get());
            }
            return n;
        }
    }
}
