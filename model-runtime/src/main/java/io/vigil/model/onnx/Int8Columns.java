package io.vigil.model.onnx;

/**
 * A dense layer's weights quantized to int8, symmetric per output column: {@code w[o][i] ~ q[i][o] * scale[o]} with
 * {@code q} in {@code [-127, 127]} and no zero point.
 *
 * <p>Per column because the columns of a trained layer differ in range by an order of magnitude: one scale for the
 * whole matrix would leave the small columns with a handful of levels. Symmetric ({@code -127..127}, zero point 0)
 * because trained weights are centred on zero, and because a zero point of 0 lets {@code MatMulInteger} skip the
 * correction term. {@code q} is stored {@code [inputs][outputs]}, the layout of {@code MatMulInteger}'s second input.
 *
 * @param inputs rows of {@code q}
 * @param outputs columns of {@code q}
 * @param q quantized weights, row-major {@code [inputs][outputs]}
 * @param scale one positive scale per output column
 */
record Int8Columns(int inputs, int outputs, byte[] q, float[] scale) {
    /** Quantizes {@code layer}'s weights; an all-zero column gets scale 1 (its values are all 0 anyway). */
    static Int8Columns of(Dense layer) {
        int in = layer.inputs();
        int out = layer.outputs();
        float[] w = layer.weights();
        byte[] q = new byte[in * out];
        float[] scale = new float[out];
        for (int o = 0; o < out; o++) {
            float max = 0;
            for (int i = 0; i < in; i++) {
                max = Math.max(max, Math.abs(w[o * in + i]));
            }
            scale[o] = max > 0 ? max / 127f : 1f;
            for (int i = 0; i < in; i++) {
                long v = Math.round(w[o * in + i] / scale[o]);
                q[i * out + o] = (byte) Math.max(-127, Math.min(127, v));
            }
        }
        return new Int8Columns(in, out, q, scale);
    }

    /** The weight {@code w[o][i]} as the int8 graph sees it. */
    float dequantized(int o, int i) {
        return q[i * outputs + o] * scale[o];
    }
}
