package io.vigil.model.train;

import io.vigil.model.onnx.Activation;
import io.vigil.model.onnx.Dense;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mutable network during training: float32 weights, their gradients, Adam moments and per-batch activations.
 *
 * <p>All loops run over contiguous memory (weights row-major {@code [out][in]}, activations {@code [batch][width]})
 * so the JIT can vectorize the inner products; nothing is allocated per step. Summation order is fixed, so a seed
 * gives bit-identical weights on every run of the same JVM build.
 */
final class Mlp {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final int[] sizes;
    private final Activation[] activations;
    private final float[][] w;
    private final float[][] b;
    private final float[][] gw;
    private final float[][] gb;
    private final float[][] mw;
    private final float[][] vw;
    private final float[][] mb;
    private final float[][] vb;
    private final float[][] act;
    private final float[][] delta;
    private final float[] target;
    private int step;
    private float proximalMu;
    private float[] anchor;

    Mlp(int[] sizes, Activation[] activations, int maxBatch, SplittableRandom random) {
        this.sizes = sizes.clone();
        this.activations = activations.clone();
        int layers = sizes.length - 1;
        w = new float[layers][];
        b = new float[layers][];
        gw = new float[layers][];
        gb = new float[layers][];
        mw = new float[layers][];
        vw = new float[layers][];
        mb = new float[layers][];
        vb = new float[layers][];
        act = new float[layers + 1][];
        delta = new float[layers + 1][];
        act[0] = new float[maxBatch * sizes[0]];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            w[l] = glorotUniform(in, out, random);
            b[l] = new float[out];
            gw[l] = new float[in * out];
            gb[l] = new float[out];
            mw[l] = new float[in * out];
            vw[l] = new float[in * out];
            mb[l] = new float[out];
            vb[l] = new float[out];
            act[l + 1] = new float[maxBatch * out];
            delta[l + 1] = new float[maxBatch * out];
        }
        delta[0] = new float[maxBatch * sizes[0]];
        target = new float[maxBatch * sizes[layers]];
    }

    /**
     * One Adam step on the windows starting at {@code data[offsets[k]]} for {@code k in [from, from + count)}.
     *
     * @return the batch's mean squared reconstruction error before the step
     */
    double trainStep(float[] data, int[] offsets, int from, int count, float learningRate) {
        int features = sizes[0];
        for (int k = 0; k < count; k++) {
            System.arraycopy(data, offsets[from + k], act[0], k * features, features);
        }
        forward(count);
        double loss = outputDelta(count, act[0]);
        backward(count);
        adam(learningRate);
        return loss;
    }

    /**
     * One Adam step of regression: inputs {@code rows[from .. from + count)} of {@code inputs} (row-major, {@code
     * sizes[0]} floats each) toward the same rows of {@code targets} (as many floats as the last layer has outputs).
     *
     * @return the batch's mean squared error before the step
     */
    double trainStep(float[] inputs, float[] targets, int[] rows, int from, int count, float learningRate) {
        int in = sizes[0];
        int out = sizes[sizes.length - 1];
        for (int k = 0; k < count; k++) {
            int row = rows[from + k];
            System.arraycopy(inputs, row * in, act[0], k * in, in);
            System.arraycopy(targets, row * out, target, k * out, out);
        }
        forward(count);
        double loss = outputDelta(count, target);
        backward(count);
        adam(learningRate);
        return loss;
    }

    /** Number of trainable floats: every layer's weights then its bias, first layer first. */
    int parameterCount() {
        int n = 0;
        for (int l = 0; l < w.length; l++) {
            n += w[l].length + b[l].length;
        }
        return n;
    }

    /** The weights flattened in {@link #parameterCount()} order (layer by layer, weights then bias). */
    float[] parameters() {
        float[] flat = new float[parameterCount()];
        int at = 0;
        for (int l = 0; l < w.length; l++) {
            System.arraycopy(w[l], 0, flat, at, w[l].length);
            at += w[l].length;
            System.arraycopy(b[l], 0, flat, at, b[l].length);
            at += b[l].length;
        }
        return flat;
    }

    /** Replaces the weights with {@code flat} (as {@link #parameters()} lays them out). */
    void setParameters(float[] flat) {
        if (flat.length != parameterCount()) {
            throw new IllegalArgumentException(
                    "parameters has " + flat.length + " floats, the network has " + parameterCount());
        }
        int at = 0;
        for (int l = 0; l < w.length; l++) {
            System.arraycopy(flat, at, w[l], 0, w[l].length);
            at += w[l].length;
            System.arraycopy(flat, at, b[l], 0, b[l].length);
            at += b[l].length;
        }
    }

    /**
     * Adds {@code mu/2 * |params - anchor|^2} to the loss (FedProx): each step's gradient gets {@code mu * (params -
     * anchor)}, which keeps a client's local epochs near the global model on non-IID data. {@code mu = 0}: off.
     */
    void proximal(float mu, float[] anchorParameters) {
        if (mu > 0 && anchorParameters.length != parameterCount()) {
            throw new IllegalArgumentException(
                    "anchor has " + anchorParameters.length + " floats, the network has " + parameterCount());
        }
        proximalMu = mu;
        anchor = mu > 0 ? anchorParameters.clone() : null;
    }

    /** The current weights as immutable layers. */
    List<Dense> snapshot() {
        List<Dense> layers = new ArrayList<>();
        for (int l = 0; l < w.length; l++) {
            layers.add(new Dense(sizes[l], sizes[l + 1], w[l], b[l], activations[l]));
        }
        return layers;
    }

    private void forward(int count) {
        for (int l = 0; l < w.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] x = act[l];
            float[] y = act[l + 1];
            float[] wl = w[l];
            float[] bl = b[l];
            Activation f = activations[l];
            for (int s = 0; s < count; s++) {
                int xs = s * in;
                for (int o = 0; o < out; o++) {
                    float sum = bl[o];
                    int row = o * in;
                    for (int i = 0; i < in; i++) {
                        sum += wl[row + i] * x[xs + i];
                    }
                    y[s * out + o] = f.apply(sum);
                }
            }
        }
    }

    /** Loss {@code mean((y - x)^2)} over batch and outputs; its gradient times the last activation's derivative. */
    private double outputDelta(int count, float[] x) {
        int last = w.length;
        int features = sizes[last];
        float[] y = act[last];
        float[] d = delta[last];
        Activation f = activations[last - 1];
        float scale = 2f / (features * count);
        double loss = 0;
        for (int k = 0; k < count * features; k++) {
            float r = y[k] - x[k];
            loss += r * r;
            d[k] = scale * r * f.derivativeFromOutput(y[k]);
        }
        return loss / ((double) features * count);
    }

    private void backward(int count) {
        for (int l = w.length - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            accumulateGradients(l, in, out, count);
            if (l > 0) {
                propagate(l, in, out, count);
            }
        }
    }

    private void accumulateGradients(int l, int in, int out, int count) {
        float[] g = gw[l];
        float[] gbl = gb[l];
        float[] x = act[l];
        float[] d = delta[l + 1];
        Arrays.fill(g, 0f);
        Arrays.fill(gbl, 0f);
        for (int s = 0; s < count; s++) {
            int xs = s * in;
            for (int o = 0; o < out; o++) {
                float dv = d[s * out + o];
                gbl[o] += dv;
                int row = o * in;
                for (int i = 0; i < in; i++) {
                    g[row + i] += dv * x[xs + i];
                }
            }
        }
    }

    /** {@code delta[l] = (W^T delta[l+1]) * f'(act[l])}, where f is the activation of the layer that made act[l]. */
    private void propagate(int l, int in, int out, int count) {
        float[] wl = w[l];
        float[] d = delta[l + 1];
        float[] prev = delta[l];
        float[] x = act[l];
        Activation f = activations[l - 1];
        Arrays.fill(prev, 0, count * in, 0f);
        for (int s = 0; s < count; s++) {
            int ps = s * in;
            for (int o = 0; o < out; o++) {
                float dv = d[s * out + o];
                int row = o * in;
                for (int i = 0; i < in; i++) {
                    prev[ps + i] += dv * wl[row + i];
                }
            }
            for (int i = 0; i < in; i++) {
                prev[ps + i] *= f.derivativeFromOutput(x[ps + i]);
            }
        }
    }

    private void adam(float learningRate) {
        step++;
        float c1 = (float) (1 - Math.pow(BETA1, step));
        float c2 = (float) (1 - Math.pow(BETA2, step));
        float rate = learningRate * (float) Math.sqrt(c2) / c1;
        if (anchor != null) {
            addProximalGradient();
        }
        for (int l = 0; l < w.length; l++) {
            update(w[l], gw[l], mw[l], vw[l], rate);
            update(b[l], gb[l], mb[l], vb[l], rate);
        }
    }

    private void addProximalGradient() {
        int at = 0;
        for (int l = 0; l < w.length; l++) {
            at = addProximal(w[l], gw[l], at);
            at = addProximal(b[l], gb[l], at);
        }
    }

    private int addProximal(float[] p, float[] g, int at) {
        for (int k = 0; k < p.length; k++) {
            g[k] += proximalMu * (p[k] - anchor[at + k]);
        }
        return at + p.length;
    }

    private static void update(float[] p, float[] g, float[] m, float[] v, float rate) {
        for (int k = 0; k < p.length; k++) {
            m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
            v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
            p[k] -= rate * m[k] / ((float) Math.sqrt(v[k]) + EPSILON);
        }
    }

    /** Glorot/Xavier uniform: keeps activation variance roughly constant through tanh layers at the start. */
    private static float[] glorotUniform(int in, int out, SplittableRandom random) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[] weights = new float[in * out];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return weights;
    }
}
