package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;

/**
 * What the scorer needs from a model: its manifest and a batched score call. {@link OnnxWindowModel} is the real
 * one; the seam keeps window batching and threshold logic testable without an ONNX graph.
 */
public interface WindowModel extends AutoCloseable {

    ModelManifest manifest();

    /** Scores {@code batch} standardized windows laid out back to back; one score per window. */
    float[] score(float[] windows, int batch);

    @Override
    void close();
}
