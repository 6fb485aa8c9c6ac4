package io.vigil.edge.rollout;

/** Where a candidate version stands. SHADOW and CANARY are live; PROMOTED and ROLLED_BACK are final. */
public enum RolloutStage {
    /** Scores the same windows as the serving version; its outputs are recorded, never published. */
    SHADOW,
    /** Serves a share of the assets; the serving version still scores them in the background for comparison. */
    CANARY,
    /** Replaced the serving version. */
    PROMOTED,
    /** Dropped; the serving version kept serving. */
    ROLLED_BACK;

    public boolean isFinal() {
        return this == PROMOTED || this == ROLLED_BACK;
    }
}
