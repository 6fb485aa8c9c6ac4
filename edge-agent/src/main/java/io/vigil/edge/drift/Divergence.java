package io.vigil.edge.drift;

import io.vigil.core.model.Distribution;
import java.util.Arrays;

/**
 * How far live values are from a training {@link Distribution}: population stability index and the Kolmogorov-Smirnov
 * statistic, both against the reference CDF the quantiles define.
 *
 * <p>The reference CDF is piecewise linear between quantiles ({@code F(q_i) = i / K}), 0 below the minimum and 1 at and
 * above the maximum; where quantiles repeat (a value that filled several quantile steps in training), F jumps there.
 * PSI uses the distinct interior quantiles as bin edges, so each bin expects the reference mass between its edges
 * (1/K per step, more where quantiles repeat) and a constant training feature that stays constant scores 0, not a
 * false drift. Empty bins count as 0.0001 so the logarithm stays finite.
 */
final class Divergence {
    private static final double EMPTY = 1e-4;

    private Divergence() {}

    /** Reference CDF at {@code x}. */
    static double cdf(double[] q, double x) {
        int k = q.length - 1;
        if (x < q[0]) {
            return 0;
        }
        if (x >= q[k]) {
            return 1;
        }
        int i = lastAtOrBelow(q, x);
        return (i + (x - q[i]) / (q[i + 1] - q[i])) / k;
    }

    /** Population stability index {@code sum (live - ref) * ln(live / ref)} over the reference's bins. */
    static double psi(Distribution ref, double[] live, int n) {
        double[] q = ref.quantiles();
        double[] edges = Arrays.stream(q, 1, q.length - 1).distinct().toArray();
        double[] expected = new double[edges.length + 1];
        double below = 0;
        for (int b = 0; b < edges.length; b++) {
            double at = cdf(q, edges[b]);
            expected[b] = at - below;
            below = at;
        }
        expected[edges.length] = 1 - below;
        double[] actual = new double[edges.length + 1];
        for (int i = 0; i < n; i++) {
            int b = Arrays.binarySearch(edges, live[i]);
            actual[b >= 0 ? b : -b - 1] += 1.0 / n;
        }
        double psi = 0;
        for (int b = 0; b < actual.length; b++) {
            double a = Math.max(actual[b], EMPTY);
            double e = Math.max(expected[b], EMPTY);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** Kolmogorov-Smirnov statistic: the largest gap between the live empirical CDF and the reference CDF. */
    static double ks(Distribution ref, double[] live, int n) {
        double[] q = ref.quantiles();
        double[] sorted = Arrays.copyOf(live, n);
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double x = sorted[i];
            d = Math.max(d, Math.max((i + 1.0) / n - cdf(q, x), cdfBelow(q, x) - (double) i / n));
        }
        return d;
    }

    /** Reference CDF just below {@code x}: differs from {@link #cdf} only where the reference jumps at {@code x}. */
    static double cdfBelow(double[] q, double x) {
        int k = q.length - 1;
        if (x <= q[0]) {
            return 0;
        }
        if (x > q[k]) {
            return 1;
        }
        int i = lastAtOrBelow(q, Math.nextDown(x));
        return (i + (x - q[i]) / (q[i + 1] - q[i])) / k;
    }

    private static int lastAtOrBelow(double[] q, double x) {
        int lo = 0;
        int hi = q.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (q[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
