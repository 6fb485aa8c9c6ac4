package io.vigil.edge.drift;

/**
 * When live values count as moved away from the training reference.
 *
 * @param window live values kept per feature (sliding window), at least 50
 * @param checkEvery values between two checks, 1..window
 * @param psiThreshold a feature moved only if its PSI is at least this (0.25 is the usual "significant shift")
 * @param ksThreshold and its Kolmogorov-Smirnov statistic at least this; requiring both keeps a small, merely
 *     autocorrelated wobble (high KS on few distinct values) or a shift within one bin from raising events
 */
public record DriftPolicy(int window, int checkEvery, double psiThreshold, double ksThreshold) {
    public DriftPolicy {
        if (window < 50) {
            throw new IllegalArgumentException("window " + window + " must be at least 50");
        }
        if (checkEvery < 1 || checkEvery > window) {
            throw new IllegalArgumentException("checkEvery " + checkEvery + " not in 1.." + window);
        }
        if (!(psiThreshold > 0) || !(ksThreshold > 0 && ksThreshold < 1)) {
            throw new IllegalArgumentException(
                    "psiThreshold " + psiThreshold + " must be > 0 and ksThreshold " + ksThreshold + " in (0, 1)");
        }
    }

    /** 1000 values, checked every 100, PSI ≥ 0.25 and KS ≥ 0.2. */
    public static DriftPolicy defaults() {
        return new DriftPolicy(1000, 100, 0.25, 0.2);
    }
}
