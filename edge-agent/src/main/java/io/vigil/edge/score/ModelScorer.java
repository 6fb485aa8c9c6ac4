package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.Score;
import io.vigil.edge.drift.DriftEvent;
import io.vigil.edge.drift.DriftMonitor;
import io.vigil.edge.drift.DriftPolicy;
import io.vigil.edge.rollout.CanaryAssets;
import io.vigil.edge.rollout.Rollout;
import io.vigil.edge.rollout.RolloutDecision;
import io.vigil.edge.rollout.RolloutPolicy;
import io.vigil.edge.rollout.RolloutStage;
import io.vigil.edge.rollout.WindowOutcome;
import io.vigil.model.alert.AlertRule;
import io.vigil.model.serve.WindowEncoder;
import io.vigil.model.window.ReadyWindow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores windows of one model in batches, raises anomaly events on rising edges, watches drift and runs a candidate
 * version's rollout.
 *
 * <p>All ready windows of all assets go into one {@link WindowModel#score} call: the fixed cost of an inference run
 * dominates for small models, so one batch of N windows costs about as much as one window. Events follow model-runtime's
 * {@link AlertRule} (one per rise above the threshold), the rule {@code vigil model score} and the evaluations apply.
 *
 * <p>With a candidate ({@link #startRollout}) every batch is scored by both versions. In SHADOW only the serving
 * version's scores are published; in CANARY the candidate's scores are published for the canary assets
 * ({@link CanaryAssets}); either way each window yields exactly one published score. When the {@link Rollout} promotes
 * the candidate it is installed into the {@link ModelSlot} (when the model is one); when it rolls back, the candidate
 * is closed. Each decision goes to the decision sink.
 *
 * <p>Not thread-safe, except {@link #startRollout}: the agent calls the rest from its single scoring thread.
 */
public final class ModelScorer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelScorer.class);

    private final WindowModel model;
    private final Clock clock;
    private final DriftPolicy driftPolicy;
    private final Consumer<DriftEvent> driftSink;
    private final Consumer<RolloutDecision> decisionSink;
    private final AlertRule alerts = new AlertRule();
    private final Map<String, DriftMonitor> drift = new HashMap<>();
    private final AtomicReference<Candidate> offered = new AtomicReference<>();
    private final AtomicReference<Order> ordered = new AtomicReference<>();
    private volatile Candidate candidate;

    public ModelScorer(WindowModel model) {
        this(model, Clock.systemUTC(), DriftPolicy.defaults(), e -> {}, d -> {});
    }

    /**
     * @param driftSink receives drift events (the manifest must carry a reference for drift to be watched)
     * @param decisionSink receives every rollout decision
     */
    public ModelScorer(
            WindowModel model,
            Clock clock,
            DriftPolicy driftPolicy,
            Consumer<DriftEvent> driftSink,
            Consumer<RolloutDecision> decisionSink) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.driftPolicy = Objects.requireNonNull(driftPolicy, "driftPolicy");
        this.driftSink = Objects.requireNonNull(driftSink, "driftSink");
        this.decisionSink = Objects.requireNonNull(decisionSink, "decisionSink");
    }

    /** The manifest of the version serving now (the model id and window shape never change). */
    public ModelManifest manifest() {
        return model.manifest();
    }

    /**
     * Offers a loaded, warmed candidate version; the scoring thread starts its rollout in SHADOW with the next batch.
     *
     * @param assets the assets this model scores (the canary share is taken of them)
     * @throws ModelSwapException if the candidate does not fit (id, input tags, window length, stride)
     */
    public void startRollout(WindowModel next, List<String> assets, RolloutPolicy policy) {
        ModelManifest serving = manifest();
        String misfit = ModelSlot.misfit(serving, next.manifest());
        if (misfit != null) {
            next.close();
            throw new ModelSwapException("candidate " + next.manifest().ref() + " rejected: " + misfit, null);
        }
        var rollout =
                new Rollout(serving.id(), serving.version(), next.manifest().version(), policy, clock);
        var c = new Candidate(next, rollout, CanaryAssets.pick(serving.id(), assets, policy.canaryShare()));
        Candidate old = offered.getAndSet(c);
        if (old != null) {
            old.model.close();
        }
        LOG.info("model {}: candidate {} in SHADOW, canary assets {}", serving.id(), c.rollout.candidate(), c.canary);
    }

    /**
     * Orders the candidate {@code version} to {@code stage} (from the hub's registry); the scoring thread carries it out
     * with its next batch, and the decision goes to the decision sink like any other. Ignored if {@code version} is no
     * longer the candidate by then.
     */
    public void order(String version, RolloutStage stage, String reason) {
        ordered.set(new Order(version, stage, reason));
    }

    /** The candidate's version (offered or running), if any; safe from any thread. */
    public Optional<String> candidateVersion() {
        Candidate c = offered.get();
        if (c == null) {
            c = candidate;
        }
        return Optional.ofNullable(c).map(x -> x.rollout.candidate());
    }

    /** The running rollout's stage, if any. */
    public Optional<RolloutStage> rolloutStage() {
        return Optional.ofNullable(candidate).map(c -> c.rollout.stage());
    }

    /**
     * Scores the windows in one batch; results come back in the windows' order. The scaler, graph and threshold all
     * come from the one version that scored the batch, even when a {@link ModelSlot} swaps versions meanwhile.
     */
    public List<ScoredWindow> score(List<ReadyWindow> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        Candidate fresh = offered.getAndSet(null);
        if (fresh != null) {
            candidate = fresh;
        }
        Order order = ordered.getAndSet(null);
        if (order != null && candidate != null && candidate.rollout.candidate().equals(order.version())) {
            candidate.rollout.force(order.stage(), order.reason()).ifPresent(this::decided);
        }
        long start = System.nanoTime();
        ScoredBatch batch = model.scoreBatch(windows.size(), m -> WindowEncoder.encode(windows, m));
        long servingNanos = System.nanoTime() - start;
        Candidate c = candidate;
        boolean canaryBatch = c != null && c.rollout.stage() == RolloutStage.CANARY;
        ScoredBatch shadow = c == null ? null : scoreCandidate(c, windows, servingNanos, batch);
        var result = new ArrayList<ScoredWindow>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            ReadyWindow w = windows.get(i);
            boolean canary = shadow != null && canaryBatch && c.canary.contains(w.asset());
            ScoredBatch from = canary ? shadow : batch;
            result.add(result(from.manifest(), w, from.scores()[i]));
            watchDrift(batch.manifest(), w, batch.scores()[i]);
        }
        return result;
    }

    /** Scores the batch with the candidate and feeds the rollout; null when the candidate failed or was rolled back. */
    private ScoredBatch scoreCandidate(Candidate c, List<ReadyWindow> windows, long servingNanos, ScoredBatch serving) {
        ScoredBatch shadow;
        long start = System.nanoTime();
        try {
            shadow = c.model.scoreBatch(windows.size(), m -> WindowEncoder.encode(windows, m));
        } catch (RuntimeException e) {
            c.rollout.failed(e.getMessage()).ifPresent(this::decided);
            return null;
        }
        long candidateNanos = System.nanoTime() - start;
        var outcomes = new ArrayList<WindowOutcome>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            outcomes.add(WindowOutcome.unlabelled(
                    windows.get(i).asset(),
                    AlertRule.above(serving.scores()[i], serving.manifest().threshold()),
                    AlertRule.above(shadow.scores()[i], shadow.manifest().threshold())));
        }
        c.rollout.observe(outcomes, servingNanos, candidateNanos).ifPresent(this::decided);
        // a batch keeps the stage it started in (a promoted candidate already serves), except after a rollback
        return c.rollout.stage() == RolloutStage.ROLLED_BACK ? null : shadow;
    }

    private void decided(RolloutDecision d) {
        LOG.info("model {} rollout decision: {}", d.model(), d.toJson());
        decisionSink.accept(d);
        Candidate c = candidate;
        if (d.to() == RolloutStage.PROMOTED) {
            candidate = null;
            if (model instanceof ModelSlot slot) {
                slot.install(c.model);
            } else {
                c.model.close();
                LOG.warn("model {}: {} promoted but this model cannot be swapped", d.model(), d.candidate());
            }
        } else if (d.to() == RolloutStage.ROLLED_BACK) {
            candidate = null;
            c.model.close();
        }
    }

    private void watchDrift(ModelManifest m, ReadyWindow w, double score) {
        if (!DriftMonitor.supports(m) || w.rows().length == 0) {
            return;
        }
        DriftMonitor monitor = drift.get(w.asset());
        if (monitor == null || !monitor.model().equals(m.ref())) {
            monitor = new DriftMonitor(m, w.asset(), driftPolicy, clock);
            drift.put(w.asset(), monitor);
        }
        monitor.observe(w.rows()[w.rows().length - 1], score).ifPresent(e -> {
            LOG.warn("drift on asset {} for model {}: {} moved: {}", e.asset(), e.model(), e.moved(), e.toJson());
            driftSink.accept(e);
        });
    }

    private ScoredWindow result(ModelManifest m, ReadyWindow window, float value) {
        double score = AlertRule.reported(value);
        var s = new Score(m.id(), window.time(), score);
        return new ScoredWindow(window.asset(), s, edge(m, window, score));
    }

    private Optional<AnomalyEvent> edge(ModelManifest manifest, ReadyWindow window, double score) {
        Optional<AnomalyEvent> event = alerts.observe(manifest, window.asset(), window.time(), score);
        event.ifPresent(e -> LOG.info(
                "anomaly on asset {}: model {} scored {} above threshold {} at {}",
                window.asset(),
                manifest.ref(),
                String.format("%.4f", score),
                manifest.threshold(),
                window.time()));
        return event;
    }

    private record Candidate(WindowModel model, Rollout rollout, Set<String> canary) {}

    private record Order(String version, RolloutStage stage, String reason) {}
}
