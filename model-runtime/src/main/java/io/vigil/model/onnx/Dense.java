package io.vigil.model.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * One fully connected layer {@code y = activation(W x + b)}.
 *
 * <p>{@code weights} is row-major {@code [outputs][inputs]} — the layout of ONNX {@code Gemm} with {@code transB=1},
 * so the exporter writes it without transposing. The arrays are copied on the way in and out: a layer handed to the
 * exporter cannot change under it.
 *
 * @param inputs input width
 * @param outputs output width
 * @param weights {@code outputs * inputs} floats, row {@code o} holding the weights into output {@code o}
 * @param bias {@code outputs} floats
 * @param activation applied after the affine map
 */
public record Dense(int inputs, int outputs, float[] weights, float[] bias, Activation activation) {
    public Dense {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException(
                    "dense layer " + inputs + " -> " + outputs + " must have positive widths");
        }
        Objects.requireNonNull(activation, "activation");
        if (weights == null || weights.length != inputs * outputs) {
            throw new IllegalArgumentException("dense layer " + inputs + " -> " + outputs + ": weights has "
                    + (weights == null ? "no" : weights.length) + " entries, expected " + inputs * outputs);
        }
        if (bias == null || bias.length != outputs) {
            throw new IllegalArgumentException("dense layer " + inputs + " -> " + outputs + ": bias has "
                    + (bias == null ? "no" : bias.length) + " entries, expected " + outputs);
        }
        weights = weights.clone();
        bias = bias.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dense d
                && inputs == d.inputs
                && outputs == d.outputs
                && activation == d.activation
                && Arrays.equals(weights, d.weights)
                && Arrays.equals(bias, d.bias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, outputs, activation, Arrays.hashCode(weights), Arrays.hashCode(bias));
    }

    @Override
    public String toString() {
        return "Dense[" + inputs + " -> " + outputs + ", " + activation + "]";
    }

    /** Computes {@code out[outOffset ..] = activation(W in[inOffset ..] + b)} for one sample. */
    public void forward(float[] in, int inOffset, float[] out, int outOffset) {
        for (int o = 0; o < outputs; o++) {
            float sum = bias[o];
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                sum += weights[row + i] * in[inOffset + i];
            }
            out[outOffset + o] = activation.apply(sum);
        }
    }
}
