package io.vigil.model.federated.privacy;

/**
 * User-level differential privacy for a model (DP-FedAvg, McMahan et al. 2018): every delta is clipped to the plan's
 * {@code clipNorm}, the clipped deltas are averaged with equal weight, and Gaussian noise of standard deviation
 * {@code noiseMultiplier * clipNorm / participants} is added to the average. One agent's whole data can then move the
 * average by at most {@code clipNorm / participants}, and the noise hides that move.
 *
 * @param noiseMultiplier noise standard deviation in units of the clipping norm; 0 turns privacy off
 * @param delta the δ of the (ε, δ) guarantee reported, e.g. 1e-5
 */
public record DifferentialPrivacy(double noiseMultiplier, double delta) {
    public static final DifferentialPrivacy OFF = new DifferentialPrivacy(0, 1e-5);

    public DifferentialPrivacy {
        if (!(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("noiseMultiplier " + noiseMultiplier + " must be >= 0");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta " + delta + " not in (0, 1)");
        }
    }

    public boolean enabled() {
        return noiseMultiplier > 0;
    }
}
