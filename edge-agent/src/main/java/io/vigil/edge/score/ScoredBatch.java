package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import java.util.Objects;

/**
 * Scores of one batch and the manifest of the model version that produced them.
 *
 * @param manifest the version that scored the batch
 * @param scores one score per window, in the batch's order
 */
public record ScoredBatch(ModelManifest manifest, float[] scores) {
    public ScoredBatch {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(scores, "scores");
    }
}
