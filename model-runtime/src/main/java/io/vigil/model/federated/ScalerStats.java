package io.vigil.model.federated;

import io.vigil.core.model.Scaler;

/**
 * Per-feature count, sum and sum of squares: what a participant shares for the federated scaler. Sums add up across
 * agents, so the coordinator gets the pooled mean and standard deviation exactly without seeing a row.
 *
 * @param n rows counted
 * @param sum per feature
 * @param sumSquares per feature
 */
public record ScalerStats(long n, double[] sum, double[] sumSquares) {
    public ScalerStats {
        if (n < 0 || sum.length != sumSquares.length) {
            throw new IllegalArgumentException("scaler stats: n " + n + " must be >= 0, sum (" + sum.length
                    + ") and sumSquares (" + sumSquares.length + ") equally long");
        }
        for (int i = 0; i < sum.length; i++) {
            if (!Double.isFinite(sum[i]) || !(sumSquares[i] >= 0 && Double.isFinite(sumSquares[i]))) {
                throw new IllegalArgumentException(
                        "scaler stats: feature " + i + " has sum " + sum[i] + " and sumSquares " + sumSquares[i]);
            }
        }
        sum = sum.clone();
        sumSquares = sumSquares.clone();
    }

    public static ScalerStats empty(int features) {
        return new ScalerStats(0, new double[features], new double[features]);
    }

    /** Statistics of {@code rows} rows of {@code width} values laid out back to back. */
    public static ScalerStats of(float[] values, int rows, int width) {
        double[] s = new double[width];
        double[] q = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                double v = values[r * width + c];
                s[c] += v;
                q[c] += v * v;
            }
        }
        return new ScalerStats(rows, s, q);
    }

    public int features() {
        return sum.length;
    }

    @Override
    public double[] sum() {
        return sum.clone();
    }

    @Override
    public double[] sumSquares() {
        return sumSquares.clone();
    }

    public ScalerStats plus(ScalerStats o) {
        if (o.features() != features()) {
            throw new IllegalArgumentException(
                    "scaler stats of " + o.features() + " features cannot join " + features());
        }
        double[] s = sum.clone();
        double[] q = sumSquares.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += o.sum[i];
            q[i] += o.sumSquares[i];
        }
        return new ScalerStats(n + o.n, s, q);
    }

    /** Pooled mean and population standard deviation; a constant feature gets scale 1, as the trainer does. */
    public Scaler toScaler() {
        if (n < 1) {
            throw new IllegalStateException("no rows counted: a scaler needs at least one");
        }
        double[] mean = new double[features()];
        double[] scale = new double[features()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = sum[i] / n;
            double variance = Math.max(0, sumSquares[i] / n - mean[i] * mean[i]);
            double sd = Math.sqrt(variance);
            scale[i] = sd > 1e-9 * Math.max(1, Math.abs(mean[i])) ? sd : 1.0;
        }
        return new Scaler(mean, scale);
    }
}
