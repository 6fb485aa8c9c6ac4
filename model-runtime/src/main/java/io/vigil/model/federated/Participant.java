package io.vigil.model.federated;

import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.compress.ErrorFeedback;
import io.vigil.model.train.LocalNetwork;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The agent's side of a round: trains the global weights on its own data for the plan's local epochs (FedProx term if
 * asked), clips the delta, encodes it with error feedback and signs the update. The data never leaves this object.
 *
 * <p>Not thread-safe: one participant answers one round at a time (its error-feedback residual carries over).
 */
public final class Participant {
    private final AgentIdentity identity;
    private final NetworkShape shape;
    private final LocalData data;
    private final ScalerStats stats;
    private final SplittableRandom random;
    private ErrorFeedback feedback;
    private Compression feedbackFor;

    /**
     * @param stats the raw-feature statistics this agent shares for the federated scaler (empty: none)
     * @param seed local shuffling
     */
    public Participant(AgentIdentity identity, NetworkShape shape, LocalData data, ScalerStats stats, long seed) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.data = Objects.requireNonNull(data, "data");
        this.stats = Objects.requireNonNull(stats, "stats");
        if (data.width() != shape.sizes()[0]) {
            throw new IllegalArgumentException("agent " + identity.agentId() + ": data of width " + data.width()
                    + " does not fit a network taking " + shape.sizes()[0]);
        }
        this.random = new SplittableRandom(seed);
    }

    public String agentId() {
        return identity.agentId();
    }

    public int sampleCount() {
        return data.count();
    }

    /** The update for {@code plan}, trained from {@code global}. */
    public ModelUpdate train(RoundPlan plan, float[] global) {
        Trained t = trainDelta(plan, global);
        return sign(plan, encoder(plan.compression()).encode(t.delta()), t.loss());
    }

    /** The clipped delta and last-epoch loss, before encoding: what secure aggregation masks. */
    public Trained trainDelta(RoundPlan plan, float[] global) {
        if (global.length != shape.parameterCount()) {
            throw new IllegalArgumentException("agent " + agentId() + ": global weights have " + global.length
                    + " floats, the network " + shape.parameterCount());
        }
        LocalNetwork net = new LocalNetwork(
                shape.sizes(), shape.activations(), Math.min(plan.batchSize(), data.count()), random.nextLong());
        net.setParameters(global);
        net.proximal(plan.proximalMu(), global);
        double loss = 0;
        for (int e = 0; e < plan.localEpochs(); e++) {
            loss = epoch(net, plan);
        }
        float[] delta = net.parameters();
        for (int i = 0; i < delta.length; i++) {
            delta[i] -= global[i];
        }
        return new Trained(Clipping.clip(delta, plan.clipNorm()), loss);
    }

    /** Signs {@code payload} as this agent's answer to {@code plan}. */
    public ModelUpdate sign(RoundPlan plan, byte[] payload, double loss) {
        byte[] signed = ModelUpdate.signedBytes(
                plan.round(), agentId(), plan.baseVersion(), payload, data.count(), loss, stats);
        return new ModelUpdate(
                plan.round(), agentId(), plan.baseVersion(), payload, data.count(), loss, stats, identity.sign(signed));
    }

    /**
     * A local delta.
     *
     * @param delta trained minus global, clipped
     * @param loss mean loss of the last local epoch
     */
    public record Trained(float[] delta, double loss) {}

    private ErrorFeedback encoder(Compression c) {
        if (feedback == null || !c.equals(feedbackFor)) {
            feedback = new ErrorFeedback(c);
            feedbackFor = c;
        }
        return feedback;
    }

    private double epoch(LocalNetwork net, RoundPlan plan) {
        int n = data.count();
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        int[] offsets = data instanceof LocalData.Windows w ? offsets(order, w.width()) : null;
        double sum = 0;
        int steps = 0;
        for (int from = 0; from < n; from += plan.batchSize()) {
            int count = Math.min(plan.batchSize(), n - from);
            if (data instanceof LocalData.Windows w) {
                sum += net.reconstructionStep(w.windows(), offsets, from, count, plan.learningRate());
            } else if (data instanceof LocalData.Rows r) {
                sum += net.regressionStep(r.inputs(), r.targets(), order, from, count, plan.learningRate());
            }
            steps++;
        }
        return sum / steps;
    }

    private static int[] offsets(int[] order, int width) {
        int[] offsets = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            offsets[k] = order[k] * width;
        }
        return offsets;
    }
}
