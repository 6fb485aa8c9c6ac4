package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import java.util.function.Function;

/**
 * What the scorer needs from a model: its manifest and a batched score call. {@link OnnxWindowModel} is the real
 * one; the seam keeps window batching and threshold logic testable without an ONNX graph.
 */
public interface WindowModel extends AutoCloseable {

    ModelManifest manifest();

    /** Scores {@code batch} standardized windows laid out back to back; one score per window. */
    float[] score(float[] windows, int batch);

    /**
     * Encodes {@code batch} windows with {@code encoder} (given the manifest whose scaler to use) and scores them,
     * naming the manifest that did both. A model that can change under its caller ({@link ModelSlot}) overrides it so
     * the scaler, the graph and the threshold applied to one batch always belong to the same version.
     */
    default ScoredBatch scoreBatch(int batch, Function<ModelManifest, float[]> encoder) {
        ModelManifest m = manifest();
        return new ScoredBatch(m, score(encoder.apply(m), batch));
    }

    @Override
    void close();
}
