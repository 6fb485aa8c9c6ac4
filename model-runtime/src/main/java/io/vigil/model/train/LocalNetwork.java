package io.vigil.model.train;

import io.vigil.model.onnx.Activation;
import io.vigil.model.onnx.Dense;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trainer's network opened for federated learning: start from given weights, run Adam steps, read the weights
 * back as one flat {@code float[]}. A federated round ships and averages exactly that vector; the layout is every
 * layer's weights (row-major {@code [out][in]}) then its bias, first layer first.
 *
 * <p>Each instance starts with fresh Adam moments: a client's optimizer state does not survive a round, because the
 * global weights it would refer to have moved.
 */
public final class LocalNetwork {
    private final Mlp mlp;

    /**
     * @param sizes layer widths, input first
     * @param activations one per layer ({@code sizes.length - 1})
     * @param maxBatch largest batch a step will be given
     * @param seed initial weights (Glorot uniform) before any {@link #setParameters}
     */
    public LocalNetwork(int[] sizes, List<Activation> activations, int maxBatch, long seed) {
        if (sizes.length < 2 || activations.size() != sizes.length - 1 || maxBatch < 1) {
            throw new IllegalArgumentException("a network of sizes " + Arrays.toString(sizes) + " needs "
                    + (sizes.length - 1) + " activations (got " + activations.size() + ") and maxBatch >= 1 (got "
                    + maxBatch + ")");
        }
        mlp = new Mlp(sizes, activations.toArray(Activation[]::new), maxBatch, new SplittableRandom(seed));
    }

    public int parameterCount() {
        return mlp.parameterCount();
    }

    public float[] parameters() {
        return mlp.parameters();
    }

    public void setParameters(float[] flat) {
        mlp.setParameters(flat);
    }

    /** FedProx: pull every step toward {@code anchor} with strength {@code mu} (0 turns it off). */
    public void proximal(double mu, float[] anchor) {
        mlp.proximal((float) mu, anchor);
    }

    /** One autoencoder step on the windows at {@code data[offsets[from .. from + count)]}; returns the batch loss. */
    public double reconstructionStep(float[] data, int[] offsets, int from, int count, double learningRate) {
        return mlp.trainStep(data, offsets, from, count, (float) learningRate);
    }

    /** One regression step on {@code rows[from .. from + count)}; returns the batch loss. */
    public double regressionStep(
            float[] inputs, float[] targets, int[] rows, int from, int count, double learningRate) {
        return mlp.trainStep(inputs, targets, rows, from, count, (float) learningRate);
    }

    /** The current weights as layers, for export and scoring. */
    public List<Dense> layers() {
        return mlp.snapshot();
    }
}
