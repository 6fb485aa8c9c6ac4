package io.vigil.hub.federated;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.models.ModelRegistry;
import io.vigil.hub.models.ModelRoutes;
import io.vigil.hub.models.ModelVersion;
import io.vigil.hub.models.Stage;
import io.vigil.hub.models.UploadCheck;
import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.RoundCoordinator;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.ScalerStats;
import io.vigil.model.federated.Verdict;
import io.vigil.model.federated.wire.Invitation;
import io.vigil.model.onnx.DenseGraph;
import io.vigil.model.pkg.PackageArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs federated rounds: at most one open round per model, each with its own {@link RoundCoordinator} (the pure
 * state machine of model-runtime) and its own {@link PolledInvitations}. Every method blocks (the registry's JDBC and
 * disk, the coordinator's aggregation, ONNX Runtime in the upload check): callers run them on a worker, and the
 * deadline timer moves its work to a worker too.
 *
 * <p><b>Round numbers</b> are hub-wide and never below the clock's epoch second, so they keep increasing across hub
 * restarts: an update is signed over its round number, and a recorded update of an earlier round can never match a
 * later one ({@code fl.update.replay}). <b>The result</b> of a round that reaches its quorum is the base version's
 * graph with the new weights written into it ({@link DenseGraph}), registered as the next free patch version and put
 * into {@code shadow} by {@code fl:round-N}: from there it takes the same shadow → canary → promote path as an
 * uploaded version. The scaler and threshold stay the base version's: the agents trained on windows standardized by
 * that scaler, so the weights only mean something with it.
 */
public final class FederatedRounds {
    private static final Logger LOG = LoggerFactory.getLogger(FederatedRounds.class);
    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    private record Running(
            RoundRecord record,
            RoundRequest request,
            RoundCoordinator coordinator,
            PolledInvitations invitations,
            ModelManifest base,
            byte[] baseOnnx,
            DenseGraph graph,
            Map<String, Verdict> verdicts,
            long timer) {}

    private final Vertx vertx;
    private final ModelRegistry registry;
    private final UploadCheck check;
    private final AgentKeys keys;
    private final RoundEventLog events;
    private final Clock clock;
    private final Map<String, Running> open = new ConcurrentHashMap<>();
    private final Map<Long, RoundRecord> rounds = new LinkedHashMap<>();
    private long lastRound;

    public FederatedRounds(
            Vertx vertx, ModelRegistry registry, UploadCheck check, AgentKeys keys, RoundEventLog events, Clock clock) {
        this.vertx = vertx;
        this.registry = registry;
        this.check = check;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    public AgentKeys keys() {
        return keys;
    }

    /** Opens a round as {@code request} asks and invites its participants. */
    public JsonObject start(RoundRequest request) {
        ModelVersion base = baseVersion(request);
        var files = unpack(base);
        ModelManifest manifest = manifest(base, files.manifest());
        if (!manifest.kind().equals("anomaly")) {
            throw ApiError.FL_MODEL_UNSUPPORTED.exception(
                    "model " + base.model() + "@" + base.version() + " is of kind " + manifest.kind()
                            + ": live rounds train anomaly autoencoders only (rul: not yet)");
        }
        DenseGraph graph;
        try {
            graph = DenseGraph.read(files.onnx());
        } catch (IllegalArgumentException e) {
            throw ApiError.FL_MODEL_UNSUPPORTED.exception(
                    "model " + base.model() + "@" + base.version() + ": " + e.getMessage());
        }
        synchronized (this) {
            if (open.containsKey(request.model())) {
                throw ApiError.FL_ROUND_OPEN.exception("round "
                        + open.get(request.model()).record().id() + " of model " + request.model() + " is still open");
            }
            List<String> ready = keys.ready();
            int count = request.agents() == 0 ? ready.size() : Math.min(request.agents(), ready.size());
            int quorum = request.quorum() == 0 ? count : request.quorum();
            if (count == 0 || count < quorum) {
                throw ApiError.FL_NOT_ENOUGH_AGENTS.exception(ready.size() + " agents are ready " + ready
                        + " (registered a key and polled within the last 30 s); the round needs "
                        + Math.max(1, quorum));
            }
            long id = Math.max(lastRound + 1, clock.instant().getEpochSecond());
            lastRound = id;
            RoundPlan plan = request.plan(id, count, clock.instant());
            var record = new RoundRecord(id, base.model(), base.version(), request, clock.instant());
            record.planned(plan.quorum(), plan.deadline());
            rounds.put(id, record);
            var coordinator = new RoundCoordinator(
                    base.model(),
                    graph.flatWeights(),
                    keys.snapshot(),
                    clock,
                    e -> {
                        record.on(e);
                        events.write(e, base.version());
                    },
                    id);
            var invitations = new PolledInvitations(i -> Invitation.of(i.plan(), base.version(), i.global()));
            RoundCoordinator.Invite invite = coordinator.open(plan, ready, count);
            long delay = Math.max(
                    1, Duration.between(clock.instant(), plan.deadline()).toMillis() + 50);
            long timer = vertx.setTimer(
                    delay,
                    t -> vertx.executeBlocking(() -> {
                        closeIfDue(base.model(), id);
                        return null;
                    }));
            var running = new Running(
                    record,
                    request,
                    coordinator,
                    invitations,
                    manifest,
                    files.onnx(),
                    graph,
                    new ConcurrentHashMap<>(),
                    timer);
            open.put(base.model(), running);
            for (String agent : invite.participants()) {
                invitations
                        .invite(agent, invite)
                        .thenAccept(u -> u.ifPresent(update -> {
                            running.verdicts().put(agent, coordinator.submit(update));
                        }));
            }
            LOG.info(
                    "model {}@{}: federated round {} open with {} (quorum {}, deadline {})",
                    base.model(),
                    base.version(),
                    id,
                    invite.participants(),
                    plan.quorum(),
                    plan.deadline());
            return record.toJson();
        }
    }

    /** The invitation waiting for {@code agent} in any open round; also marks the agent as ready. */
    public Optional<Invitation> poll(String agent) {
        keys.polled(agent);
        for (Running r : open.values()) {
            Optional<Invitation> i = r.invitations().pending(agent);
            if (i.isPresent()) {
                return i;
            }
        }
        return Optional.empty();
    }

    /**
     * Hands {@code update} from {@code agent} to the round it names and closes the round when that makes it due.
     *
     * @return the coordinator's verdict; an update for a round that is not open is refused as {@code fl.update.late}
     */
    public Verdict submit(String agent, ModelUpdate update) {
        Running r = open.values().stream()
                .filter(o -> o.record().id() == update.round())
                .findFirst()
                .orElse(null);
        if (r == null) {
            String detail = "round " + update.round() + " is not open (closed, stopped or unknown)";
            LOG.warn("update from {} rejected (fl.update.late): {}", agent, detail);
            RoundRecord known;
            synchronized (this) {
                known = rounds.get(update.round());
            }
            if (known != null) {
                known.refused(agent, io.vigil.model.federated.Rejection.LATE.code(), detail, clock.instant());
                events.rejected(known.model(), agent, io.vigil.model.federated.Rejection.LATE, detail, clock.instant());
            }
            return new Verdict.Rejected(agent, io.vigil.model.federated.Rejection.LATE, detail);
        }
        Verdict v = r.invitations().answer(agent, update)
                ? r.verdicts().remove(agent)
                : r.coordinator().submit(update);
        closeIfDue(r.record().model(), r.record().id());
        return v;
    }

    /** Stops an open round (its weights stay as they were); a round already over is returned as it is. */
    public JsonObject stop(long id) {
        RoundRecord record = record(id);
        Running r = open.get(record.model());
        if (r != null && r.record() == record && open.remove(record.model(), r)) {
            vertx.cancelTimer(r.timer());
            r.invitations().withdrawAll();
            record.stopped(clock.instant());
            events.stopped(record.model(), id, clock.instant());
            LOG.info("model {}: federated round {} stopped", record.model(), id);
        }
        return record.toJson();
    }

    public JsonObject get(long id) {
        return record(id).toJson();
    }

    /** Every round this hub ran since it started, newest first. */
    public synchronized List<JsonObject> list() {
        var list = new ArrayList<JsonObject>();
        rounds.values().forEach(r -> list.add(0, r.toJson()));
        return list;
    }

    private synchronized RoundRecord record(long id) {
        RoundRecord r = rounds.get(id);
        if (r == null) {
            throw ApiError.FL_ROUND_NOT_FOUND.exception("no federated round " + id + " (see /api/v1/fl/rounds)");
        }
        return r;
    }

    private void closeIfDue(String model, long id) {
        Running r = open.get(model);
        if (r == null || r.record().id() != id) {
            return;
        }
        var closed = r.coordinator().closeIfDue();
        if (closed.isEmpty() || !open.remove(model, r)) {
            return;
        }
        vertx.cancelTimer(r.timer());
        r.invitations().withdrawAll();
        if (!closed.get().failed()) {
            register(r);
        }
    }

    /** The round's weights as a new version of its model, in shadow. */
    private void register(Running r) {
        RoundRecord record = r.record();
        String actor = "fl:round-" + record.id();
        try {
            byte[] onnx = r.graph().withWeights(r.coordinator().global()).writeInto(r.baseOnnx());
            String version = nextFreeVersion(record.model(), r.base().version());
            long rows = r.coordinator().pooledStats().map(ScalerStats::n).orElse(0L);
            ModelManifest m = new ModelManifest(
                    r.base().id(),
                    version,
                    r.base().kind(),
                    r.base().inputTags(),
                    r.base().windowLength(),
                    r.base().stride(),
                    r.base().scaler(),
                    r.base().threshold(),
                    r.base().inputName(),
                    r.base().outputName(),
                    sha256(onnx),
                    "federated round " + record.id() + " from " + r.base().ref() + ": "
                            + record.toJson().getJsonArray("accepted").size() + " agents, " + rows
                            + " raw rows; scaler and threshold of " + r.base().version(),
                    r.base().reference(),
                    r.base().calibration());
            byte[] zip = PackageArchive.pack(Json.mapper().writeValueAsBytes(m), onnx);
            registry.register(check.check(zip), actor);
            registry.setStage(record.model(), version, Stage.SHADOW, actor);
            RoundRequest q = r.request();
            record.result(version, q.noise() > 0 ? r.coordinator().epsilon(q.noise(), q.dpDelta()) : 0, rows);
            events.closedWithVersion(record.model(), record.id(), version, clock.instant());
            LOG.info("model {}: federated round {} registered {} in shadow", record.model(), record.id(), version);
        } catch (RuntimeException | IOException e) {
            LOG.error(
                    "model {}: federated round {} closed but its version could not be registered: {}",
                    record.model(),
                    record.id(),
                    e.toString());
            record.failedToRegister(e.getMessage());
        }
    }

    private String nextFreeVersion(String model, String base) {
        Matcher m = SEMVER.matcher(base);
        if (!m.matches()) {
            throw new IllegalStateException("version " + base + " of " + model + " is not x.y.z");
        }
        for (long patch = Long.parseLong(m.group(3)) + 1, tries = 0; tries < 10_000; patch++, tries++) {
            String v = m.group(1) + "." + m.group(2) + "." + patch;
            if (registry.find(model, v).isEmpty()) {
                return v;
            }
        }
        throw new IllegalStateException("no free patch version after " + base + " of " + model);
    }

    private ModelVersion baseVersion(RoundRequest request) {
        if (request.version().isPresent()) {
            return registry.version(request.model(), request.version().get());
        }
        List<ModelVersion> all = registry.versions(Optional.of(request.model()));
        return all.stream()
                .filter(v -> v.stage() == Stage.PROMOTED)
                .findFirst()
                .or(() -> all.stream().findFirst())
                .orElseThrow(() ->
                        ApiError.MODEL_NOT_FOUND.exception("no model " + request.model() + " (see /api/v1/models)"));
    }

    private PackageArchive.Contents unpack(ModelVersion v) {
        try {
            return PackageArchive.unpack(
                    Files.readAllBytes(registry.packageFile(v.model(), v.version())), ModelRoutes.MAX_PACKAGE_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the package of " + v.model() + "@" + v.version(), e);
        }
    }

    private static ModelManifest manifest(ModelVersion v, byte[] json) {
        try {
            return Json.mapper().readValue(json, ModelManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the manifest of " + v.model() + "@" + v.version(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
