package io.vigil.edge.drift;

import java.util.Objects;

/**
 * One feature's distance from its training reference at one check.
 *
 * @param feature the input tag, or {@code score}
 * @param psi population stability index
 * @param ks Kolmogorov-Smirnov statistic
 * @param moved whether both passed the policy's thresholds
 */
public record FeatureDrift(String feature, double psi, double ks, boolean moved) {
    public FeatureDrift {
        Objects.requireNonNull(feature, "feature");
    }
}
