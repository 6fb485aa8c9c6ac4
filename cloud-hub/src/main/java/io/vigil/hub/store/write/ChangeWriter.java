package io.vigil.hub.store.write;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.sample.Tags;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.store.AssetRow;
import io.vigil.hub.store.Committed;
import io.vigil.hub.store.Committed.AssetSamples;
import io.vigil.hub.store.Committed.AssetScore;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Sql;
import io.vigil.hub.store.SqlFunction;
import io.vigil.hub.store.StoreException;
import io.vigil.hub.store.rollup.Rollups;
import io.vigil.hub.store.write.Change.DeviceBirth;
import io.vigil.hub.store.write.Change.DeviceData;
import io.vigil.hub.store.write.Change.DeviceDeath;
import io.vigil.hub.store.write.Change.NodeBirth;
import io.vigil.hub.store.write.Change.NodeDeath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of {@link Change}s, each batch in one transaction, on one dedicated connection (owned by one ingest
 * writer thread; the hub runs several writers, each with its own {@code ChangeWriter}).
 *
 * <p>Samples go in by binary COPY ({@link SampleCopy}) into a temporary staging table, then one
 * {@code INSERT INTO samples SELECT ... FROM samples_stage ON CONFLICT DO NOTHING} in the same transaction: COPY is
 * the cheapest way to move rows into PostgreSQL, and the insert from staging makes the write idempotent, so a
 * redelivered message (same series and timestamp) never adds a row. The staging table is {@code TEMP} (no WAL) and
 * {@code ON COMMIT DELETE ROWS}, so it is empty again after every commit. Scores go in with one ({@code UnnestInserts})
 * {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING} per batch, and so do text samples (string
 * tags), into {@code samples_text}: they are rare next to numbers, so they stay off the COPY path and leave the
 * numeric hot path exactly as it was. With {@link CopyMode#DIRECT} a batch
 * is first COPYed straight into {@code samples} under a savepoint, and takes the staging path only when that COPY
 * hits a key that is already stored.
 *
 * <p>Series ids are cached per writer ({@code SeriesCache}); the online state of agents and assets is cached in a {@link Presence} shared
 * by all writers, so a death applied by one writer is seen by the others. The caches are dropped when a transaction
 * rolls back, because they may name rows that no longer exist.
 */
public final class ChangeWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeWriter.class);

    static final String STAGE = "samples_stage";
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;
    private final Presence presence;
    private final CopyMode mode;
    private final boolean trackRollups;
    private final SeriesCache series = new SeriesCache();
    private final SampleCopy copy = new SampleCopy();
    private Connection connection;

    /** A writer with its own {@link Presence} (for a hub with one writer, and for tests). */
    public ChangeWriter(DataSource dataSource, Clock clock) {
        this(dataSource, clock, new Presence());
    }

    public ChangeWriter(DataSource dataSource, Clock clock, Presence presence) {
        this(dataSource, clock, presence, CopyMode.STAGED);
    }

    public ChangeWriter(DataSource dataSource, Clock clock, Presence presence, CopyMode mode) {
        this(dataSource, clock, presence, mode, true);
    }

    /**
     * @param trackRollups record the time range of each commit's samples in {@code rollup_dirty} for {@link Rollups}
     *     (plain PostgreSQL); false where TimescaleDB keeps the rollups
     */
    public ChangeWriter(DataSource dataSource, Clock clock, Presence presence, CopyMode mode, boolean trackRollups) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.presence = presence;
        this.mode = mode;
        this.trackRollups = trackRollups;
    }

    /**
     * Marks every agent and asset offline: at start the hub knows nothing is connected; agents come back with their
     * births.
     */
    public void markAllOffline() {
        run("marking agents and assets offline at start", c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE agents SET status = 'offline' WHERE status <> 'offline'");
                st.executeUpdate("UPDATE assets SET status = 'offline' WHERE status <> 'offline'");
            }
            return null;
        });
    }

    /** Applies {@code changes} in order in one transaction; throws {@link StoreException} after a rollback. */
    public Committed commit(List<Change> changes) {
        if (changes.isEmpty()) {
            return Committed.EMPTY;
        }
        return run("commit of " + changes.size() + " messages", c -> {
            var batch = new Batch();
            copy.clear();
            var applier = new Applier(c, batch);
            for (Change change : changes) {
                change.applyTo(applier);
            }
            long inserted = insertSamples(c);
            if (inserted > 0 && trackRollups) {
                markDirty(c);
            }
            long texts = UnnestInserts.texts(c, batch.texts);
            UnnestInserts.scores(c, batch.scores);
            UnnestInserts.scores(c, batch.historicalScores);
            UnnestInserts.events(c, batch);
            return batch.result(inserted + texts);
        });
    }

    private <T> T run(String task, SqlFunction<T> work) {
        try {
            Connection c = connection();
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(task + " failed: " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                try (var st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (series_id int4 NOT NULL,"
                            + " ts timestamptz NOT NULL, value float8, quality int2 NOT NULL) ON COMMIT DELETE ROWS");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                ConnectionPool.closeQuietly(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void rollback(Connection c) {
        series.clear();
        presence.clear();
        try {
            c.rollback();
            if (c.isValid(2)) {
                return;
            }
        } catch (SQLException e) {
            log.debug("rollback failed: {}", e.getMessage());
        }
        ConnectionPool.closeQuietly(c);
        connection = null;
    }

    /** Applies each variant of {@link Change} within one batch's transaction. */
    private final class Applier implements Change.Handler {
        private final Connection c;
        private final Batch b;

        Applier(Connection c, Batch b) {
            this.c = c;
            this.b = b;
        }

        @Override
        public void on(NodeBirth change) throws SQLException {
            nodeBirth(c, b, change);
        }

        @Override
        public void on(NodeDeath change) throws SQLException {
            nodeDeath(c, b, change);
        }

        @Override
        public void on(DeviceBirth change) throws SQLException {
            deviceBirth(c, b, change);
        }

        @Override
        public void on(DeviceDeath change) throws SQLException {
            deviceDeath(c, b, change);
        }

        @Override
        public void on(DeviceData change) throws SQLException {
            deviceData(c, b, change);
        }

        @Override
        public void on(Change.History change) throws SQLException {
            history(c, b, change);
        }

        @Override
        public void on(Change.Several change) throws SQLException {
            for (Change part : change.parts()) {
                part.applyTo(this);
            }
        }
    }

    private void nodeBirth(Connection c, Batch b, NodeBirth nb) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO agents (id, grp, status, bd_seq, updated_at)"
                + " VALUES (?, ?, 'online', ?, ?) ON CONFLICT (id) DO UPDATE SET grp = EXCLUDED.grp,"
                + " status = 'online', bd_seq = EXCLUDED.bd_seq, updated_at = EXCLUDED.updated_at")) {
            ps.setString(1, nb.agent());
            ps.setString(2, nb.group());
            ps.setLong(3, nb.bdSeq());
            Sql.setTime(ps, 4, now());
            ps.executeUpdate();
        }
        presence.agent(nb.agent(), true);
        b.agents.put(nb.agent(), AssetRow.ONLINE);
    }

    private void nodeDeath(Connection c, Batch b, NodeDeath nd) throws SQLException {
        try (var ps = c.prepareStatement(
                "UPDATE agents SET status = 'offline', updated_at = ?" + " WHERE id = ? AND (? < 0 OR bd_seq = ?)")) {
            Sql.setTime(ps, 1, now());
            ps.setString(2, nd.agent());
            ps.setLong(3, nd.bdSeq());
            ps.setLong(4, nd.bdSeq());
            if (ps.executeUpdate() == 0) {
                log.info(
                        "ignoring NDEATH of agent {} with bdSeq {}: it is not the current birth",
                        nd.agent(),
                        nd.bdSeq());
                return;
            }
        }
        presence.agent(nd.agent(), false);
        b.agents.put(nd.agent(), AssetRow.OFFLINE);
        try (var ps = c.prepareStatement("UPDATE assets SET status = 'offline', updated_at = ?"
                + " WHERE agent = ? AND status <> 'offline' RETURNING id, agent, protocol, device, status")) {
            Sql.setTime(ps, 1, now());
            ps.setString(2, nd.agent());
            int before = b.assets.size();
            collectAssets(ps, b);
            b.assets.subList(before, b.assets.size()).forEach(a -> presence.asset(a.id(), false));
        }
    }

    private void deviceBirth(Connection c, Batch b, DeviceBirth db) throws SQLException {
        ensureAgentOnline(c, b, db.group(), db.agent());
        try (var ps = c.prepareStatement("INSERT INTO assets (id, agent, protocol, device, status, updated_at)"
                + " VALUES (?, ?, ?, ?, 'online', ?) ON CONFLICT (id) DO UPDATE SET agent = EXCLUDED.agent,"
                + " protocol = EXCLUDED.protocol, device = EXCLUDED.device, status = 'online',"
                + " updated_at = EXCLUDED.updated_at RETURNING id, agent, protocol, device, status")) {
            ps.setString(1, db.asset());
            ps.setString(2, db.agent());
            ps.setString(3, db.meta().getOrDefault("protocol", ""));
            ps.setString(4, db.meta().getOrDefault("device", ""));
            Sql.setTime(ps, 5, now());
            collectAssets(ps, b);
        }
        presence.asset(db.asset(), true);
        String protocol = db.meta().getOrDefault("protocol", "");
        for (MetricDef m : db.metrics()) {
            if (isTag(m.name())) {
                series.announce(c, b, db.asset(), m, protocol);
            }
        }
        if (!db.data().isEmpty()) {
            deviceData(c, b, new DeviceData(db.group(), db.agent(), db.asset(), db.data(), db.time()));
        }
    }

    private static boolean isTag(String name) {
        return !name.startsWith(SparkplugCodec.SCORE_PREFIX)
                && !name.equals(SparkplugCodec.ANOMALY_EVENT)
                && Tags.isValidId(name);
    }

    private void deviceDeath(Connection c, Batch b, DeviceDeath dd) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE assets SET status = 'offline', updated_at = ?"
                + " WHERE id = ? RETURNING id, agent, protocol, device, status")) {
            Sql.setTime(ps, 1, now());
            ps.setString(2, dd.asset());
            collectAssets(ps, b);
        }
        presence.asset(dd.asset(), false);
    }

    private void deviceData(Connection c, Batch b, DeviceData d) throws SQLException {
        ensureAgentOnline(c, b, d.group(), d.agent());
        ensureAssetOnline(c, b, d.agent(), d.asset());
        var samples = d.data().samples();
        stageSamples(c, b, d.asset(), samples);
        if (!samples.isEmpty()) {
            b.samples.add(new AssetSamples(d.asset(), samples));
        }
        for (Score s : d.data().scores()) {
            b.scores.add(new AssetScore(d.asset(), s));
        }
        for (AnomalyEvent e : d.data().events()) {
            b.pendingEvents.add(new Batch.PendingEvent(d.agent(), d.asset(), e));
        }
    }

    /** Numbers go to the COPY stream, text samples to {@code b.texts}; a series no birth announced is created. */
    private void stageSamples(Connection c, Batch b, String asset, List<Sample> samples) throws SQLException {
        Map<String, Integer> ids = series.of(asset);
        for (Sample s : samples) {
            Integer id = ids.get(s.tag());
            int seriesId = id != null ? id : series.create(c, b, asset, s);
            if (s.isText()) {
                b.texts.add(new Batch.TextRow(seriesId, s));
                continue;
            }
            copy.add(
                    seriesId,
                    Sql.micros(s.time()),
                    s.quality() == Quality.BAD ? Double.NaN : s.value(),
                    s.quality().code());
        }
    }

    /** Like {@link #deviceData}, but nothing reaches the batch's listeners: these are not current values. */
    private void history(Connection c, Batch b, Change.History h) throws SQLException {
        ensureAgentOnline(c, b, h.group(), h.agent());
        ensureAssetOnline(c, b, h.agent(), h.asset());
        stageSamples(c, b, h.asset(), h.data().samples());
        for (Score s : h.data().scores()) {
            b.historicalScores.add(new AssetScore(h.asset(), s));
        }
        for (AnomalyEvent e : h.data().events()) {
            b.pendingEvents.add(new Batch.PendingEvent(h.agent(), h.asset(), e));
        }
    }

    private void ensureAgentOnline(Connection c, Batch b, String group, String agent) throws SQLException {
        if (presence.agentOnline(agent)) {
            return;
        }
        try (var ps = c.prepareStatement("INSERT INTO agents (id, grp, status, updated_at) VALUES (?, ?, 'online', ?)"
                + " ON CONFLICT (id) DO UPDATE SET status = 'online', updated_at = EXCLUDED.updated_at")) {
            ps.setString(1, agent);
            ps.setString(2, group);
            Sql.setTime(ps, 3, now());
            ps.executeUpdate();
        }
        presence.agent(agent, true);
        b.agents.put(agent, AssetRow.ONLINE);
    }

    private void ensureAssetOnline(Connection c, Batch b, String agent, String asset) throws SQLException {
        if (presence.assetOnline(asset)) {
            return;
        }
        try (var ps = c.prepareStatement("INSERT INTO assets (id, agent, status, updated_at) VALUES (?, ?, 'online', ?)"
                + " ON CONFLICT (id) DO UPDATE SET agent = EXCLUDED.agent, status = 'online',"
                + " updated_at = EXCLUDED.updated_at RETURNING id, agent, protocol, device, status")) {
            ps.setString(1, asset);
            ps.setString(2, agent);
            Sql.setTime(ps, 3, now());
            collectAssets(ps, b);
        }
        presence.asset(asset, true);
    }

    private static void collectAssets(PreparedStatement ps, Batch b) throws SQLException {
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                b.assets.add(Sql.assetRow(rs));
            }
        }
    }

    private long insertSamples(Connection c) throws SQLException {
        if (copy.isEmpty()) {
            return 0;
        }
        if (mode == CopyMode.DIRECT) {
            Savepoint before = c.setSavepoint();
            try {
                long n = copy.copyInto(c, "samples");
                c.releaseSavepoint(before);
                return n;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);
                log.debug("batch holds rows already stored (a redelivery): inserting it with ON CONFLICT DO NOTHING");
            }
        }
        copy.copyInto(c, STAGE);
        try (var st = c.createStatement()) {
            return st.executeUpdate("INSERT INTO samples (series_id, ts, value, quality)"
                    + " SELECT series_id, ts, value, quality FROM " + STAGE + " ON CONFLICT DO NOTHING");
        }
    }

    /** One row per commit: the time range its samples touched, for the rollup job (see {@link Rollups}). */
    private void markDirty(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO rollup_dirty (lo, hi, at) VALUES (?, ?, ?)")) {
            Sql.setTime(ps, 1, Sql.instant(copy.minMicros()));
            Sql.setTime(ps, 2, Sql.instant(copy.maxMicros()));
            Sql.setTime(ps, 3, now());
            ps.executeUpdate();
        }
    }

    private Instant now() {
        return clock.instant();
    }

    @Override
    public void close() {
        ConnectionPool.closeQuietly(connection);
        connection = null;
    }
}
