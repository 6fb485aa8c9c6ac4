package io.vigil.model.federated;

/** L2 norms and norm clipping of deltas, shared by participant and coordinator so both clip the same way. */
public final class Clipping {
    private Clipping() {}

    public static double norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** {@code x} scaled down to norm {@code bound} if it is longer (in place); {@code bound = 0}: unchanged. */
    public static float[] clip(float[] x, double bound) {
        double n = norm(x);
        if (bound > 0 && n > bound) {
            float f = (float) (bound / n);
            for (int i = 0; i < x.length; i++) {
                x[i] *= f;
            }
        }
        return x;
    }
}
