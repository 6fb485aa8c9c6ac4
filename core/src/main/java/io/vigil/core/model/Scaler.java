package io.vigil.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardization {@code (x - mean) / scale}, fitted on the training data.
 *
 * @param mean one entry per input tag
 * @param scale one entry per input tag, each positive
 */
public record Scaler(double[] mean, double[] scale) {
    public Scaler {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(scale, "scale");
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(
                    "scaler: mean has " + mean.length + " entries but scale has " + scale.length);
        }
        for (int i = 0; i < scale.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(scale[i]) || scale[i] <= 0) {
                throw new IllegalArgumentException(
                        "scaler: entry " + i + " (mean " + mean[i] + ", scale " + scale[i] + ") is invalid");
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    public double apply(int feature, double value) {
        return (value - mean[feature]) / scale[feature];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Scaler[mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
