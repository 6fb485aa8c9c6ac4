package io.vigil.hub.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.JsonObject;
import io.vigil.core.json.Json;
import io.vigil.core.model.Assignment;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.ApiException;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state in PostgreSQL (tables of {@code V3__models.sql}) and its package files in a
 * {@link PackageStore}. Every method blocks (JDBC, disk): call it on a worker.
 *
 * <p>Stage rules, one transaction each: a model has at most one candidate (a version in {@code shadow} or {@code
 * canary}) and at most one {@code promoted} version; a version entering either role retires the one holding it. Rolling
 * back the promoted version promotes again the version it replaced. Setting the stage a version already has changes
 * nothing. Agents' decisions move a candidate on ({@code canary}, {@code promoted}, {@code rolled_back}) under the
 * actor {@code agent:ID}; a decision about a version that is no longer the candidate is stored but moves nothing.
 */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final String COLUMNS = "model, version, kind, sha256, package_sha256, manifest::text, size,"
            + " uploaded_at, uploaded_by, stage, stage_by, stage_at";

    private final ConnectionPool pool;
    private final PackageStore store;
    private final Clock clock;

    public ModelRegistry(ConnectionPool pool, PackageStore store, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.clock = clock;
    }

    /** An upload's outcome: the version, and whether this upload created it (false: the same package was there). */
    public record Registered(ModelVersion version, boolean created) {}

    /**
     * Stores a checked package and registers its version.
     *
     * @throws ApiException 409 {@code model.version.exists} when the version exists with another package
     */
    public Registered register(UploadCheck.Checked pkg, String user) {
        var m = pkg.manifest();
        Optional<ModelVersion> existing = find(m.id(), m.version());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), pkg);
        }
        store.put(pkg.packageSha256(), pkg.zip());
        Instant now = clock.instant();
        try {
            pool.call("registering model " + m.ref(), c -> {
                c.setAutoCommit(false);
                try (var ps = c.prepareStatement(
                        "INSERT INTO models (id, kind, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                    ps.setString(1, m.id());
                    ps.setString(2, m.kind());
                    setTime(ps, 3, now);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("INSERT INTO model_versions (model, version, kind, sha256,"
                        + " package_sha256, manifest, size, uploaded_at, uploaded_by, stage, stage_by, stage_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 'registered', ?, ?)")) {
                    ps.setString(1, m.id());
                    ps.setString(2, m.version());
                    ps.setString(3, m.kind());
                    ps.setString(4, m.sha256());
                    ps.setString(5, pkg.packageSha256());
                    ps.setString(6, Json.mapper().writeValueAsString(m));
                    ps.setLong(7, pkg.zip().length);
                    setTime(ps, 8, now);
                    ps.setString(9, user);
                    ps.setString(10, user);
                    setTime(ps, 11, now);
                    ps.executeUpdate();
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot write manifest of " + m.ref() + " as JSON", e);
                }
                addAssignment(c, m.id(), m.version(), Stage.REGISTERED, user, now);
                c.commit();
                return null;
            });
        } catch (RuntimeException e) {
            // a concurrent upload of the same version won the race: answer as if it had come first
            Optional<ModelVersion> raced = find(m.id(), m.version());
            if (raced.isPresent()) {
                return sameOrConflict(raced.get(), pkg);
            }
            throw e;
        }
        log.info(
                "model {} registered by {} (package {}, {} bytes)",
                m.ref(),
                user,
                pkg.packageSha256(),
                pkg.zip().length);
        return new Registered(version(m.id(), m.version()), true);
    }

    private static Registered sameOrConflict(ModelVersion v, UploadCheck.Checked pkg) {
        if (v.packageSha256().equals(pkg.packageSha256())) {
            return new Registered(v, false);
        }
        throw ApiError.MODEL_VERSION_EXISTS.exception(
                "model " + v.model() + " version " + v.version() + " is already registered with package sha256 "
                        + v.packageSha256() + "; this upload has package sha256 " + pkg.packageSha256()
                        + ": give the new package a new version");
    }

    /** Every version of every model (or of one model), newest upload first. */
    public List<ModelVersion> versions(Optional<String> model) {
        return pool.call("listing models", c -> {
            String sql = "SELECT " + COLUMNS + " FROM model_versions" + (model.isPresent() ? " WHERE model = ?" : "")
                    + " ORDER BY model, uploaded_at DESC, version";
            try (var ps = c.prepareStatement(sql)) {
                if (model.isPresent()) {
                    ps.setString(1, model.get());
                }
                return readVersions(ps);
            }
        });
    }

    /** @throws ApiException 404 {@code model.notfound} */
    public ModelVersion version(String model, String version) {
        return find(model, version)
                .orElseThrow(() -> ApiError.MODEL_NOT_FOUND.exception(
                        "no version " + version + " of model " + model + " (see /api/v1/models)"));
    }

    public Optional<ModelVersion> find(String model, String version) {
        return pool.call("reading model " + model + "@" + version, c -> {
            try (var ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM model_versions WHERE model = ? AND version = ?")) {
                ps.setString(1, model);
                ps.setString(2, version);
                return readVersions(ps).stream().findFirst();
            }
        });
    }

    /** The stored zip of a version. */
    public Path packageFile(String model, String version) {
        Path file = store.file(version(model, version).packageSha256());
        if (!Files.exists(file)) {
            throw ApiError.MODEL_PACKAGE_MISSING.exception(
                    "the package file of " + model + "@" + version + " is gone: " + file);
        }
        return file;
    }

    /** Moves a version to {@code target} as {@code actor} wants (a person: any stage but registered and retired). */
    public ModelVersion setStage(String model, String version, Stage target, String actor) {
        version(model, version);
        pool.call("setting the stage of " + model + "@" + version, c -> {
            c.setAutoCommit(false);
            apply(c, model, version, target, actor, clock.instant());
            c.commit();
            return null;
        });
        return version(model, version);
    }

    private void apply(Connection c, String model, String version, Stage target, String actor, Instant now)
            throws SQLException {
        List<ModelVersion> all;
        try (var ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM model_versions WHERE model = ? ORDER BY stage_at FOR UPDATE")) {
            ps.setString(1, model);
            all = readVersions(ps);
        }
        ModelVersion self = all.stream()
                .filter(v -> v.version().equals(version))
                .findFirst()
                .orElseThrow();
        if (self.stage() == target) {
            return;
        }
        for (ModelVersion other : all) {
            if (other.version().equals(version)) {
                continue;
            }
            boolean sameRole = (target.candidate() && other.stage().candidate())
                    || (target == Stage.PROMOTED && other.stage() == Stage.PROMOTED);
            if (sameRole) {
                move(c, model, other.version(), Stage.RETIRED, actor, now);
            }
        }
        if (target == Stage.ROLLED_BACK && self.stage() == Stage.PROMOTED) {
            previouslyPromoted(c, model, version).ifPresent(v -> move(c, model, v, Stage.PROMOTED, actor, now));
        }
        move(c, model, version, target, actor, now);
        log.info("model {}@{}: {} -> {} by {}", model, version, self.stage().id(), target.id(), actor);
    }

    /** The retired version that was promoted most recently before {@code version} was. */
    private static Optional<String> previouslyPromoted(Connection c, String model, String version) throws SQLException {
        try (var ps = c.prepareStatement("SELECT a.version FROM model_assignments a JOIN model_versions v"
                + " ON v.model = a.model AND v.version = a.version WHERE a.model = ? AND a.version <> ?"
                + " AND a.stage = 'promoted' AND v.stage = 'retired' ORDER BY a.at DESC, a.id DESC LIMIT 1")) {
            ps.setString(1, model);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void move(Connection c, String model, String version, Stage stage, String actor, Instant now) {
        try (var ps = c.prepareStatement("UPDATE model_versions SET stage = ?, stage_by = ?, stage_at = ?"
                + " WHERE model = ? AND version = ?")) {
            ps.setString(1, stage.id());
            ps.setString(2, actor);
            setTime(ps, 3, now);
            ps.setString(4, model);
            ps.setString(5, version);
            ps.executeUpdate();
            addAssignment(c, model, version, stage, actor, now);
        } catch (SQLException e) {
            throw new StoreException(
                    "moving " + model + "@" + version + " to " + stage.id() + " failed: " + e.getMessage(), e);
        }
    }

    private static void addAssignment(Connection c, String model, String version, Stage stage, String actor, Instant at)
            throws SQLException {
        try (var ps = c.prepareStatement(
                "INSERT INTO model_assignments (model, version, stage, actor, at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setString(2, version);
            ps.setString(3, stage.id());
            ps.setString(4, actor);
            setTime(ps, 5, at);
            ps.executeUpdate();
        }
    }

    /** What agents should run: every promoted version and every candidate, by model. */
    public List<Assignment> assignments() {
        return pool.call("listing assignments", c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM model_versions"
                    + " WHERE stage IN ('shadow', 'canary', 'promoted') ORDER BY model, stage_at")) {
                return readVersions(ps).stream()
                        .map(v ->
                                new Assignment(v.model(), v.version(), v.stage().id(), v.sha256(), v.packageSha256()))
                        .toList();
            }
        });
    }

    /**
     * Stores an agent's rollout decision (and an event {@code model_decision}) and moves the candidate on when it is
     * still the candidate.
     */
    public void recordDecision(String agent, Decision d, JsonObject raw) {
        Stage to = Stage.parse(d.to().toLowerCase(Locale.ROOT));
        pool.call("recording a decision of " + agent, c -> {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("INSERT INTO model_decisions (model, version, agent, ts, from_stage,"
                    + " to_stage, reason, figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                ps.setString(1, d.model());
                ps.setString(2, d.version());
                ps.setString(3, agent);
                setTime(ps, 4, d.time());
                ps.setString(5, d.from());
                ps.setString(6, d.to());
                ps.setString(7, d.reason());
                ps.setString(8, d.figures().encode());
                ps.executeUpdate();
            }
            insertEvent(c, "model_decision", agent, d.time(), d.model() + "@" + d.version(), raw);
            Optional<ModelVersion> v = lockedVersion(c, d.model(), d.version());
            if (v.isPresent() && v.get().stage().candidate() && to != v.get().stage()) {
                apply(c, d.model(), d.version(), to, "agent:" + agent, clock.instant());
            }
            c.commit();
            return null;
        });
    }

    /** Stores an event an agent reported ({@code drift}, {@code model_rejected}); a rejected candidate is rolled back. */
    public void recordEvent(String type, String agent, String asset, Instant time, String modelRef, JsonObject raw) {
        pool.call("recording a " + type + " event of " + agent, c -> {
            c.setAutoCommit(false);
            insertEvent(c, type, asset, time, modelRef, raw);
            if (type.equals("model_rejected") && modelRef.contains("@")) {
                String[] ref = modelRef.split("@", 2);
                Optional<ModelVersion> v = lockedVersion(c, ref[0], ref[1]);
                if (v.isPresent() && v.get().stage().candidate()) {
                    apply(c, ref[0], ref[1], Stage.ROLLED_BACK, "agent:" + agent, clock.instant());
                }
            }
            c.commit();
            return null;
        });
    }

    private static Optional<ModelVersion> lockedVersion(Connection c, String model, String version)
            throws SQLException {
        try (var ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM model_versions WHERE model = ? AND version = ? FOR UPDATE")) {
            ps.setString(1, model);
            ps.setString(2, version);
            return readVersions(ps).stream().findFirst();
        }
    }

    private static void insertEvent(Connection c, String type, String asset, Instant time, String model, JsonObject d)
            throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO events (type, asset, ts, model, detail)"
                + " VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
            ps.setString(1, type);
            ps.setString(2, asset);
            setTime(ps, 3, time);
            ps.setString(4, model);
            ps.setString(5, d.encode());
            ps.executeUpdate();
        }
    }

    /** The decisions agents reported about a model, oldest first (at most {@code limit}, the newest ones). */
    public List<Decision> decisions(String model, int limit) {
        return pool.call("listing decisions of " + model, c -> {
            try (var ps = c.prepareStatement("SELECT * FROM (SELECT model, version, agent, ts, from_stage, to_stage,"
                    + " reason, figures::text, id FROM model_decisions WHERE model = ? ORDER BY ts DESC, id DESC"
                    + " LIMIT ?) d ORDER BY ts, id")) {
                ps.setString(1, model);
                ps.setInt(2, limit);
                var list = new ArrayList<Decision>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new Decision(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                getTime(rs, 4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                new JsonObject(rs.getString(8))));
                    }
                }
                return list;
            }
        });
    }

    private static List<ModelVersion> readVersions(PreparedStatement ps) throws SQLException {
        var list = new ArrayList<ModelVersion>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new ModelVersion(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        getTime(rs, 8),
                        rs.getString(9),
                        Stage.parse(rs.getString(10)),
                        rs.getString(11),
                        getTime(rs, 12)));
            }
        }
        return list;
    }

    private static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    private static Instant getTime(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index, OffsetDateTime.class).toInstant();
    }
}
