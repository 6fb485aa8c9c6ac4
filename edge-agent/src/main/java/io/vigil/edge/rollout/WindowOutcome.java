package io.vigil.edge.rollout;

import java.util.Objects;
import java.util.Optional;

/**
 * One window scored by both the serving version and the candidate.
 *
 * @param asset the asset
 * @param servingAnomaly whether the serving version's score was above its threshold
 * @param candidateAnomaly whether the candidate's score was above its threshold
 * @param label whether the window really was anomalous, when labelled events say so; empty otherwise
 */
public record WindowOutcome(String asset, boolean servingAnomaly, boolean candidateAnomaly, Optional<Boolean> label) {
    public WindowOutcome {
        Objects.requireNonNull(asset, "asset");
        label = label == null ? Optional.empty() : label;
    }

    public static WindowOutcome unlabelled(String asset, boolean servingAnomaly, boolean candidateAnomaly) {
        return new WindowOutcome(asset, servingAnomaly, candidateAnomaly, Optional.empty());
    }
}
