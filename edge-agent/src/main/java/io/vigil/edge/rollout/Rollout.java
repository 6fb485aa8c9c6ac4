package io.vigil.edge.rollout;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shadow → canary → promote/rollback state machine of one candidate version; pure logic, no threads, no I/O.
 *
 * <p>The scoring thread feeds it every batch that both versions scored ({@link #observe}); in SHADOW and in CANARY
 * both versions score the same windows, only whose output is published differs, so both stages are judged on the same
 * figures. A stage is judged when it has seen {@link RolloutPolicy#minWindows()} windows and lasted
 * {@link RolloutPolicy#minDuration()} on the injected clock: if the rule holds, SHADOW moves to CANARY and CANARY to
 * PROMOTED; if not, either goes to ROLLED_BACK. A candidate that fails to score at all is rolled back at once
 * ({@link #failed}). Each stage starts with fresh figures. Not thread-safe: one scoring thread owns it.
 */
public final class Rollout {
    private final String model;
    private final String serving;
    private final String candidate;
    private final RolloutPolicy policy;
    private final Clock clock;
    private RolloutStage stage = RolloutStage.SHADOW;
    private Instant stageStart;
    private long windows;
    private long agreed;
    private long labelled;
    private long servingCorrect;
    private long candidateCorrect;
    private double[] servingMicros = new double[256];
    private double[] candidateMicros = new double[256];
    private int batches;

    public Rollout(String model, String serving, String candidate, RolloutPolicy policy, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.serving = Objects.requireNonNull(serving, "serving");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stageStart = clock.instant();
    }

    public RolloutStage stage() {
        return stage;
    }

    public String candidate() {
        return candidate;
    }

    /**
     * Records one batch scored by both versions.
     *
     * @param outcomes the batch's windows
     * @param servingNanos time the serving version took for the whole batch
     * @param candidateNanos time the candidate took for the whole batch
     * @return the decision, when this batch completed a stage
     */
    public Optional<RolloutDecision> observe(List<WindowOutcome> outcomes, long servingNanos, long candidateNanos) {
        if (stage.isFinal() || outcomes.isEmpty()) {
            return Optional.empty();
        }
        for (WindowOutcome o : outcomes) {
            windows++;
            agreed += o.servingAnomaly() == o.candidateAnomaly() ? 1 : 0;
            if (o.label().isPresent()) {
                boolean truth = o.label().get();
                labelled++;
                servingCorrect += o.servingAnomaly() == truth ? 1 : 0;
                candidateCorrect += o.candidateAnomaly() == truth ? 1 : 0;
            }
        }
        recordLatency(servingNanos / 1000.0 / outcomes.size(), candidateNanos / 1000.0 / outcomes.size());
        Instant now = clock.instant();
        if (windows < policy.minWindows() || now.isBefore(stageStart.plus(policy.minDuration()))) {
            return Optional.empty();
        }
        return Optional.of(judge(now));
    }

    /** The candidate threw while scoring: rolled back at once (no decision if the rollout is already over). */
    public Optional<RolloutDecision> failed(String reason) {
        if (stage.isFinal()) {
            return Optional.empty();
        }
        return Optional.of(decide(clock.instant(), RolloutStage.ROLLED_BACK, "candidate failed to score: " + reason));
    }

    /**
     * An operator's order from the hub's registry: moves the candidate to {@code next} now, whatever the figures say
     * (they are recorded in the decision as they stand). No decision when the rollout is over, {@code next} is the
     * current stage, or the move goes backwards (to SHADOW, or CANARY from a later stage).
     */
    public Optional<RolloutDecision> force(RolloutStage next, String reason) {
        Objects.requireNonNull(next, "next");
        if (stage.isFinal() || next == stage || next == RolloutStage.SHADOW) {
            return Optional.empty();
        }
        return Optional.of(decide(clock.instant(), next, "ordered by the hub: " + reason));
    }

    private RolloutDecision judge(Instant now) {
        double sp99 = p99(servingMicros, batches);
        double cp99 = p99(candidateMicros, batches);
        String latency = String.format(
                "latency p99 %.1f us vs %.1f us (ratio %.3f, at most %.3f)",
                cp99, sp99, cp99 / sp99, policy.maxLatencyRatio());
        boolean fast = cp99 <= sp99 * policy.maxLatencyRatio();
        boolean good;
        String quality;
        if (labelled > 0) {
            double gain = accuracy(candidateCorrect) - accuracy(servingCorrect);
            good = gain >= policy.minAccuracyGain() - 1e-12;
            quality = String.format(
                    "accuracy on %d labelled windows %.4f vs %.4f (gain %+.4f, at least %+.4f)",
                    labelled, accuracy(candidateCorrect), accuracy(servingCorrect), gain, policy.minAccuracyGain());
        } else {
            double agreement = (double) agreed / windows;
            good = agreement >= policy.minAgreement() - 1e-12;
            quality = String.format(
                    "agreement with %s on %d windows %.4f (at least %.4f)",
                    serving, windows, agreement, policy.minAgreement());
        }
        String reason = (good && fast ? "rule holds: " : "rule fails: ") + quality + "; " + latency;
        RolloutStage next = !(good && fast)
                ? RolloutStage.ROLLED_BACK
                : stage == RolloutStage.SHADOW ? RolloutStage.CANARY : RolloutStage.PROMOTED;
        return decide(now, next, reason);
    }

    private RolloutDecision decide(Instant now, RolloutStage next, String reason) {
        var d = new RolloutDecision(
                now,
                model,
                serving,
                candidate,
                stage,
                next,
                windows,
                labelled,
                windows == 0 ? Double.NaN : (double) agreed / windows,
                labelled == 0 ? Double.NaN : accuracy(servingCorrect),
                labelled == 0 ? Double.NaN : accuracy(candidateCorrect),
                p99(servingMicros, batches),
                p99(candidateMicros, batches),
                reason);
        stage = next;
        stageStart = now;
        windows = agreed = labelled = servingCorrect = candidateCorrect = 0;
        batches = 0;
        return d;
    }

    private double accuracy(long correct) {
        return (double) correct / labelled;
    }

    private void recordLatency(double servingPerWindow, double candidatePerWindow) {
        if (batches == servingMicros.length) {
            servingMicros = Arrays.copyOf(servingMicros, batches * 2);
            candidateMicros = Arrays.copyOf(candidateMicros, batches * 2);
        }
        servingMicros[batches] = servingPerWindow;
        candidateMicros[batches] = candidatePerWindow;
        batches++;
    }

    /** Nearest-rank p99 over the batches of this stage (per-window latency of each batch). */
    static double p99(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.99 * n) - 1;
        return sorted[Math.max(0, rank)];
    }
}
