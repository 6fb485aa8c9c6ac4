package io.vigil.model.federated;

import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.aggregate.Contribution;
import io.vigil.model.federated.privacy.RdpAccountant;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of synchronous rounds for one model: selects participants, checks each update as it arrives, closes
 * at quorum or deadline and moves the global weights by the aggregate of what it accepted.
 *
 * <p>A pure state machine with an injected clock (like {@code Rollout}): the transport delivers updates to {@link
 * #submit} and calls {@link #closeIfDue} when an update arrived or a timer fired. Nothing here waits for an agent, so
 * an agent that dies mid-round costs at most the time to the deadline, and only if the quorum is not met without it.
 *
 * <p><b>Outliers.</b> A delta longer than {@code outlierFactor} times the median norm of the round's deltas is
 * rejected (with three or more deltas; the median of fewer is no reference). This stops a scaled or random delta
 * before aggregation even under FedAvg; the robust aggregators are the second line for subtler attacks.
 *
 * <p><b>Differential privacy.</b> When the plan enables it, the accepted deltas (clipped to {@code clipNorm}) are
 * averaged with equal weight and Gaussian noise of standard deviation {@code z * clipNorm / m} is added; ε over the
 * rounds so far is {@link #epsilon(double, double)}.
 */
public final class RoundCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(RoundCoordinator.class);

    private final String modelId;
    private final Clock clock;
    private final Consumer<RoundEvent> events;
    private final UpdateCheck check;
    private final Random random;
    private float[] global;
    private long version;
    private RoundPlan plan;
    private List<String> participants = List.of();
    private final Map<String, Contribution> accepted = new LinkedHashMap<>();
    private final Map<String, Double> norms = new LinkedHashMap<>();
    private final List<String> answered = new ArrayList<>();
    private ScalerStats pooledStats;
    private long bytesReceived;
    private long lastRound;
    private int privateRounds;

    /**
     * @param enrolled every agent's Ed25519 public key
     * @param seed participant selection and privacy noise
     */
    public RoundCoordinator(
            String modelId,
            float[] initial,
            Map<String, PublicKey> enrolled,
            Clock clock,
            Consumer<RoundEvent> events,
            long seed) {
        this.modelId = modelId;
        this.global = initial.clone();
        this.check = new UpdateCheck(enrolled, initial.length);
        this.clock = clock;
        this.events = events;
        this.random = new Random(seed);
    }

    /** The invitation a transport hands every selected participant. */
    public record Invite(RoundPlan plan, float[] global, List<String> participants) {}

    /**
     * Opens {@code plan}'s round with up to {@code count} participants drawn at random from {@code candidates}
     * (healthy, connected agents of the model's kind; the caller filters).
     */
    public synchronized Invite open(RoundPlan plan, Collection<String> candidates, int count) {
        if (!plan.modelId().equals(modelId) || plan.baseVersion() != version || plan.round() <= lastRound) {
            throw new IllegalArgumentException("plan for " + plan.modelId() + " round " + plan.round()
                    + " from version "
                    + plan.baseVersion() + " does not follow " + modelId + " round " + lastRound + " at version "
                    + version);
        }
        if (this.plan != null) {
            throw new IllegalStateException("model " + modelId + ": round " + this.plan.round() + " is still open");
        }
        List<String> pool = new ArrayList<>(candidates);
        Collections.shuffle(pool, random);
        participants = List.copyOf(pool.subList(0, Math.min(count, pool.size())));
        if (participants.size() < plan.quorum()) {
            throw new IllegalArgumentException("model " + modelId + ": " + participants.size()
                    + " participants cannot reach quorum " + plan.quorum());
        }
        this.plan = plan;
        lastRound = plan.round();
        accepted.clear();
        norms.clear();
        answered.clear();
        pooledStats = null;
        bytesReceived = 0;
        events.accept(new RoundEvent.Opened(modelId, plan.round(), clock.instant(), participants, version));
        return new Invite(plan, global.clone(), participants);
    }

    /** Checks {@code u} against the open round; an accepted delta waits for {@link #closeIfDue}. */
    public synchronized Verdict submit(ModelUpdate u) {
        try {
            float[] delta = admit(u);
            Clipping.clip(delta, plan.clipNorm());
            accepted.put(u.agentId(), new Contribution(u.agentId(), delta, u.sampleCount()));
            norms.put(u.agentId(), Clipping.norm(delta));
            if (u.stats().n() > 0) {
                pooledStats = pooledStats == null ? u.stats() : pooledStats.plus(u.stats());
            }
            bytesReceived += u.wireBytes();
            events.accept(new RoundEvent.Accepted(
                    modelId, u.round(), clock.instant(), u.agentId(), u.wireBytes(), u.trainingLoss()));
            return new Verdict.Accepted(u.agentId());
        } catch (UpdateCheck.Refused r) {
            return reject(u.round(), u.agentId(), r.reason, r.getMessage());
        }
    }

    private float[] admit(ModelUpdate u) {
        if (plan == null) {
            throw new UpdateCheck.Refused(Rejection.LATE, "no round of " + modelId + " is open");
        }
        if (u.round() != plan.round()) {
            throw new UpdateCheck.Refused(
                    Rejection.REPLAY, "update names round " + u.round() + ", the open round is " + plan.round());
        }
        if (!participants.contains(u.agentId())) {
            throw new UpdateCheck.Refused(Rejection.NOT_SELECTED, u.agentId() + " is not among " + participants);
        }
        if (answered.contains(u.agentId())) {
            throw new UpdateCheck.Refused(Rejection.DUPLICATE, u.agentId() + " already answered");
        }
        check.verify(u);
        answered.add(u.agentId());
        if (u.baseVersion() != version) {
            throw new UpdateCheck.Refused(
                    Rejection.STALE_BASE,
                    "delta starts from version " + u.baseVersion() + ", the round from " + version);
        }
        return check.delta(u);
    }

    private Verdict reject(long round, String agentId, Rejection reason, String detail) {
        LOG.warn("model {} round {}: update from {} rejected ({}): {}", modelId, round, agentId, reason.code(), detail);
        events.accept(new RoundEvent.Rejected(modelId, round, clock.instant(), agentId, reason, detail));
        return new Verdict.Rejected(agentId, reason, detail);
    }

    /**
     * Closes the round when enough deltas passed the outlier test (quorum), when every participant answered, or at the
     * deadline. A round short of its quorum fails: the global weights stay as they were.
     */
    public synchronized Optional<RoundEvent.Closed> closeIfDue() {
        if (plan == null) {
            return Optional.empty();
        }
        List<String> inliers = inliers();
        boolean deadline = !clock.instant().isBefore(plan.deadline());
        if (inliers.size() < plan.quorum() && answered.size() < participants.size() && !deadline) {
            return Optional.empty();
        }
        for (String outlier : accepted.keySet()) {
            if (!inliers.contains(outlier)) {
                reject(
                        plan.round(),
                        outlier,
                        Rejection.NORM_OUTLIER,
                        String.format(
                                Locale.ROOT,
                                "norm %.4g above %.1f x the round's median %.4g",
                                norms.get(outlier),
                                plan.outlierFactor(),
                                median()));
            }
        }
        boolean failed = inliers.size() < plan.quorum();
        if (!failed) {
            apply(inliers);
        } else {
            LOG.warn(
                    "model {} round {} failed: {} of quorum {} accepted by the deadline",
                    modelId,
                    plan.round(),
                    inliers.size(),
                    plan.quorum());
        }
        RoundEvent.Closed closed = new RoundEvent.Closed(
                modelId, plan.round(), clock.instant(), failed ? List.of() : inliers, version, failed, bytesReceived);
        plan = null;
        events.accept(closed);
        return Optional.of(closed);
    }

    /** Moves the global weights by an aggregate computed elsewhere (secure aggregation: only the sum is known). */
    public synchronized RoundEvent.Closed closeWithAggregate(float[] aggregate, List<String> contributors) {
        if (plan == null) {
            throw new IllegalStateException("model " + modelId + ": no round is open");
        }
        if (aggregate.length != global.length || contributors.size() < plan.quorum()) {
            throw new IllegalArgumentException("aggregate of " + aggregate.length + " values from "
                    + contributors.size() + " agents does not fit " + global.length + " weights / quorum "
                    + plan.quorum());
        }
        addToGlobal(privatize(aggregate, contributors.size()));
        RoundEvent.Closed closed = new RoundEvent.Closed(
                modelId, plan.round(), clock.instant(), contributors, version, false, bytesReceived);
        plan = null;
        events.accept(closed);
        return closed;
    }

    private void apply(List<String> inliers) {
        List<Contribution> used = inliers.stream().map(accepted::get).toList();
        float[] aggregate;
        if (plan.privacy().enabled()) {
            aggregate = new Aggregator.FedAvg()
                    .aggregate(used.stream()
                            .map(c -> new Contribution(c.agentId(), c.delta(), 1))
                            .toList());
        } else {
            aggregate = plan.aggregator().aggregate(used);
        }
        addToGlobal(privatize(aggregate, used.size()));
    }

    private float[] privatize(float[] mean, int m) {
        if (!plan.privacy().enabled()) {
            return mean;
        }
        double sd = plan.privacy().noiseMultiplier() * plan.clipNorm() / m;
        for (int i = 0; i < mean.length; i++) {
            mean[i] += (float) (random.nextGaussian() * sd);
        }
        privateRounds++;
        return mean;
    }

    private void addToGlobal(float[] delta) {
        for (int i = 0; i < global.length; i++) {
            global[i] += delta[i];
        }
        version++;
    }

    private List<String> inliers() {
        if (plan.outlierFactor() <= 0 || accepted.size() < 3) {
            return List.copyOf(accepted.keySet());
        }
        double limit = plan.outlierFactor() * median();
        return accepted.keySet().stream().filter(a -> norms.get(a) <= limit).toList();
    }

    private double median() {
        double[] n = norms.values().stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        return n.length % 2 == 1 ? n[n.length / 2] : (n[n.length / 2 - 1] + n[n.length / 2]) / 2;
    }

    public synchronized float[] global() {
        return global.clone();
    }

    public synchronized long version() {
        return version;
    }

    /** The pooled statistics of the last closed or open round's accepted updates, if any agent sent them. */
    public synchronized Optional<ScalerStats> pooledStats() {
        return Optional.ofNullable(pooledStats);
    }

    /** ε of the rounds run with privacy so far, at the last plan's δ and noise; 0 before any. */
    public synchronized double epsilon(double noiseMultiplier, double delta) {
        return RdpAccountant.epsilon(privateRounds, noiseMultiplier, delta);
    }

    public synchronized boolean isOpen() {
        return plan != null;
    }
}
