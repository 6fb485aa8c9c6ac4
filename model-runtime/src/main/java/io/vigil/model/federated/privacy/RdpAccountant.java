package io.vigil.model.federated.privacy;

/**
 * Rényi-DP accounting of the Gaussian mechanism over rounds (Mironov 2017).
 *
 * <p>One round with L2 sensitivity {@code C} and noise {@code σ = z C} is {@code (α, α / (2 z²))}-RDP for every order
 * {@code α > 1}; RDP composes by adding, so {@code T} rounds give {@code T α / (2 z²)}; and {@code (α, ρ)}-RDP implies
 * {@code (ρ + log(1/δ) / (α - 1), δ)}-DP. The reported ε is the minimum over a grid of orders.
 *
 * <p>No amplification by sampling is claimed (every participant of a round counts as if always sampled), so the figure
 * is an upper bound: fleets that sample a small share of agents per round are better protected than it says.
 */
public final class RdpAccountant {
    private static final double[] ORDERS = orders();

    private RdpAccountant() {}

    /** ε after {@code rounds} rounds at noise multiplier {@code z}, for {@code delta}; infinite when {@code z = 0}. */
    public static double epsilon(int rounds, double noiseMultiplier, double delta) {
        if (rounds < 0 || !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("rounds " + rounds + " must be >= 0 and delta " + delta + " in (0, 1)");
        }
        if (rounds == 0) {
            return 0;
        }
        if (noiseMultiplier <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (double alpha : ORDERS) {
            double rdp = rounds * alpha / (2 * noiseMultiplier * noiseMultiplier);
            best = Math.min(best, rdp + Math.log(1 / delta) / (alpha - 1));
        }
        return best;
    }

    private static double[] orders() {
        double[] orders = new double[400];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = 1.01 * Math.pow(1.025, i);
        }
        return orders;
    }
}
