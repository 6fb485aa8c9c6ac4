package io.vigil.model.federated.secure;

/**
 * Floats to 32-bit fixed point and back, so masked inputs can be summed modulo 2^32 without loss: with every value
 * clipped to {@code |x| <= clip} and at most {@code agents} summed, {@code scale = 2^30 / (agents * clip)} keeps the
 * true sum inside the signed 32-bit range, and the modular sum equals it.
 *
 * @param scale units per 1.0
 */
public record FixedPoint(double scale) {
    public FixedPoint {
        if (!(scale > 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException("fixed-point scale " + scale + " must be > 0");
        }
    }

    public static FixedPoint forSum(double clip, int agents) {
        if (!(clip > 0) || agents < 1) {
            throw new IllegalArgumentException(
                    "secure aggregation needs clipNorm > 0 (got " + clip + ") and agents >= 1 (got " + agents + ")");
        }
        return new FixedPoint((1 << 30) / (agents * clip));
    }

    public int[] encode(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (int) Math.round(x[i] * scale);
        }
        return out;
    }

    public float[] decode(int[] sum) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / scale);
        }
        return out;
    }
}
