package io.vigil.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A training distribution summarized by equally spaced quantiles: {@code quantiles[i]} is the value below which a
 * share {@code i / (quantiles.length - 1)} of the training values lie (first = minimum, last = maximum).
 *
 * @param name the input tag, or {@code score}
 * @param quantiles at least 2 finite, non-decreasing values
 */
public record Distribution(String name, double[] quantiles) {
    public Distribution {
        Objects.requireNonNull(name, "name");
        if (quantiles == null || quantiles.length < 2) {
            throw new IllegalArgumentException("distribution " + name + ": quantiles needs at least 2 values, has "
                    + (quantiles == null ? "none" : quantiles.length));
        }
        for (int i = 0; i < quantiles.length; i++) {
            if (!Double.isFinite(quantiles[i]) || (i > 0 && quantiles[i] < quantiles[i - 1])) {
                throw new IllegalArgumentException("distribution " + name + ": quantile " + i + " (" + quantiles[i]
                        + ") is not finite or below the one before");
            }
        }
        quantiles = quantiles.clone();
    }

    /** The quantiles at {@code steps + 1} equally spaced levels of {@code values} (nearest rank). */
    public static Distribution of(String name, double[] values, int steps) {
        if (values.length == 0 || steps < 1) {
            throw new IllegalArgumentException(
                    "distribution " + name + ": needs values (" + values.length + ") and steps >= 1 (" + steps + ")");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] q = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            q[i] = sorted[(int) Math.round((double) i * (sorted.length - 1) / steps)];
        }
        return new Distribution(name, q);
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && name.equals(d.name) && Arrays.equals(quantiles, d.quantiles);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(quantiles);
    }

    @Override
    public String toString() {
        return "Distribution[" + name + ", " + Arrays.toString(quantiles) + "]";
    }
}
