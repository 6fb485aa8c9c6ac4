package io.vigil.edge.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.json.Json;
import io.vigil.core.model.Assignment;
import io.vigil.edge.drift.DriftEvent;
import io.vigil.edge.rollout.RolloutDecision;
import io.vigil.edge.rollout.RolloutStage;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's models where the hub's registry wants them, on a thread of its own (never the scoring thread).
 *
 * <p>Every poll first sends what the agent has to report (rollout decisions, drift events, rejected packages; kept in
 * order and resent until the hub takes them, at most {@value #MAX_REPORTS}), then reads the assignments and, for each
 * model the agent scores: a new candidate ({@code shadow} / {@code canary}) is downloaded, checked against the
 * assignment's package sha256, unpacked into the model directory and started in SHADOW through the usual loader (which
 * checks the graph's sha256 and the manifest again); a candidate in {@code canary} at the hub is ordered to CANARY; a
 * candidate the hub no longer assigns is ordered ROLLED_BACK; a {@code promoted} version other than the serving one is
 * promoted (if it is the candidate) or downloaded and swapped in. The agent's own decisions (the rollout policy judging
 * live windows) go to the hub, which moves the version's stage, so the next poll agrees with what the agent did.
 * Assignments are not applied while reports are still waiting, so a stale view never undoes a local decision.
 *
 * <p>A package that fails (download, sha256, load, does not fit the serving version) is logged once with the reason,
 * reported to the hub as {@code model_rejected}, and not tried again while the hub keeps assigning that package; the
 * serving version keeps serving throughout. Once the hub stops assigning it (it rolls a rejected candidate back) the
 * agent forgets the failure, so assigning the version again, or another package under the same version, is tried
 * anew.
 */
public final class RegistrySync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySync.class);
    static final int MAX_REPORTS = 10_000;

    private final RegistryClient client;
    private final ModelHost host;
    private final Path modelDir;
    private final Clock clock;
    private final ConcurrentLinkedDeque<JsonNode> reports = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    /**
     * Candidates started once (not started again) and packages that failed (not tried again), as
     * {@code ref:packageSha256:use}; forgotten once the hub no longer assigns that package.
     */
    private final Set<String> tried = new HashSet<>();

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "vigil-registry");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastProblem = "";

    public RegistrySync(RegistryClient client, ModelHost host, Path modelDir, Clock clock) {
        this.client = client;
        this.host = host;
        this.modelDir = modelDir;
        this.clock = clock;
    }

    /** Polls now and then every {@code interval}. */
    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues a rollout decision for the hub; safe from any thread (the scoring thread calls it). */
    public void decided(RolloutDecision d) {
        queue(withType("model_decision", d.toJson()));
    }

    /** Queues a drift event for the hub; safe from any thread. */
    public void drifted(DriftEvent e) {
        queue(withType("drift", e.toJson()));
    }

    private void rejected(Assignment a, String reason) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("type", "model_rejected");
        r.put("model", a.model());
        r.put("version", a.version());
        r.put("time", clock.instant().toString());
        r.put("reason", reason);
        queue(r);
    }

    private static JsonNode withType(String type, String json) {
        try {
            ObjectNode node = (ObjectNode) Json.mapper().readTree(json);
            node.put("type", type);
            return node;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back " + json, e);
        }
    }

    private void queue(JsonNode report) {
        if (queued.incrementAndGet() > MAX_REPORTS) {
            reports.pollFirst();
            queued.decrementAndGet();
            LOG.warn("more than {} reports wait for the hub: the oldest was dropped", MAX_REPORTS);
        }
        reports.addLast(report);
    }

    private void pollQuietly() {
        try {
            poll();
            lastProblem = "";
        } catch (RuntimeException e) {
            // one line per new problem: an unreachable hub is logged once, not every poll
            if (!e.getMessage().equals(lastProblem)) {
                LOG.warn("model registry: {}", e.getMessage());
                lastProblem = e.getMessage();
            }
        }
    }

    /** One round: reports out, assignments in. Package only for tests; runs on the registry thread. */
    void poll() {
        flushReports();
        if (!reports.isEmpty()) {
            return;
        }
        List<Assignment> assignments = client.assignments();
        tried.removeIf(
                key -> assignments.stream().noneMatch(a -> key.startsWith(a.ref() + ":" + a.packageSha256() + ":")));
        for (String model : host.modelIds()) {
            apply(
                    model,
                    assignments.stream().filter(a -> a.model().equals(model)).toList());
        }
    }

    private void flushReports() {
        JsonNode r;
        while ((r = reports.peekFirst()) != null) {
            client.report(r);
            reports.pollFirst();
            queued.decrementAndGet();
        }
    }

    private void apply(String model, List<Assignment> assigned) {
        Optional<Assignment> candidate =
                assigned.stream().filter(a -> !a.stage().equals("promoted")).findFirst();
        Optional<Assignment> promoted =
                assigned.stream().filter(a -> a.stage().equals("promoted")).findFirst();
        Optional<String> running = host.candidateVersion(model);
        if (candidate.isPresent()) {
            Assignment c = candidate.get();
            if (running.isPresent() && running.get().equals(c.version())) {
                if (c.stage().equals("canary") && host.candidateStage(model).orElse(null) == RolloutStage.SHADOW) {
                    host.order(model, c.version(), RolloutStage.CANARY, "the registry set " + c.ref() + " to canary");
                }
            } else if (!c.version().equals(host.servingVersion(model)) && tried.add(key(c, true))) {
                load(c, true);
            }
        } else if (running.isPresent() && !promoted.map(Assignment::version).equals(running)) {
            host.order(
                    model,
                    running.get(),
                    RolloutStage.ROLLED_BACK,
                    "the registry no longer assigns " + model + "@" + running.get());
        }
        if (promoted.isPresent() && !promoted.get().version().equals(host.servingVersion(model))) {
            Assignment p = promoted.get();
            if (running.isPresent() && running.get().equals(p.version())) {
                host.order(model, p.version(), RolloutStage.PROMOTED, "the registry promoted " + p.ref());
            } else if (!tried.contains(key(p, false))) {
                load(p, false);
            }
        }
    }

    private void load(Assignment a, boolean candidate) {
        String key = key(a, candidate);
        Path dir;
        try {
            dir = fetch(a);
        } catch (RegistryException e) {
            tried.remove(key); // the hub may be reachable again next poll
            throw e;
        } catch (RuntimeException e) {
            reject(a, key, e.getMessage());
            return;
        }
        try {
            (candidate ? host.startCandidate(dir) : host.serve(dir))
                    .toCompletableFuture()
                    .join();
            LOG.info("model {}: {} from the registry", a.ref(), candidate ? "candidate started in SHADOW" : "serving");
        } catch (CompletionException e) {
            reject(a, key, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        } catch (RuntimeException e) {
            reject(a, key, e.getMessage());
        }
    }

    private static String key(Assignment a, boolean candidate) {
        return a.ref() + ":" + a.packageSha256() + (candidate ? ":candidate" : ":serve");
    }

    private void reject(Assignment a, String key, String reason) {
        tried.add(key);
        LOG.warn("model {} from the registry rejected, the serving version keeps serving: {}", a.ref(), reason);
        rejected(a, reason);
    }

    /** Downloads the package, checks its sha256 and unpacks it into {@code modelDir/MODEL/VERSION}. */
    private Path fetch(Assignment a) {
        byte[] zip = client.download(a.model(), a.version());
        String sha = ModelPackage.sha256(zip);
        if (!sha.equals(a.packageSha256())) {
            throw new IllegalArgumentException("the download of " + a.ref() + " has sha256 " + sha
                    + " but the registry's assignment says packageSha256 " + a.packageSha256());
        }
        Path dir = modelDir.resolve(a.model()).resolve(a.version());
        PackageArchive.extract(PackageArchive.unpack(zip, Long.MAX_VALUE), dir);
        if (!Files.exists(dir.resolve(ModelPackage.MANIFEST_FILE))) {
            throw new IllegalStateException("unpacking " + a.ref() + " into " + dir + " left no manifest");
        }
        return dir;
    }

    /** Reports still waiting for the hub. */
    public int pendingReports() {
        return queued.get();
    }

    /** Stops polling and waits up to 5 s for the registry thread to end; reports still queued are not sent. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
