package io.vigil.model.serve;

import io.vigil.core.model.Scaler;

/**
 * Scores every window of a series through ONNX Runtime, the way the edge agent does: rows encoded by {@link
 * WindowEncoder}, windows batched into one {@code run()} per {@value #BATCH}.
 */
public final class SeriesScorer {
    static final int BATCH = 256;

    private SeriesScorer() {}

    /**
     * The scores of the windows ending at rows {@code firstEnd .. rows.length - 1}; window {@code t} holds rows {@code
     * t - windowLength + 1 .. t}.
     */
    public static float[] scoreEnds(OnnxModel model, double[][] rows, int firstEnd) {
        int window = model.manifest().windowLength();
        Scaler scaler = model.manifest().scaler();
        int features = model.manifest().featureCount();
        if (firstEnd < window - 1) {
            throw new IllegalArgumentException(
                    "first window end " + firstEnd + " leaves less than " + window + " rows of history");
        }
        int count = rows.length - firstEnd;
        float[] scores = new float[count];
        float[] batch = new float[BATCH * features];
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            for (int k = 0; k < n; k++) {
                int end = firstEnd + from + k;
                WindowEncoder.encode(rows, end - window + 1, window, scaler, batch, k * features);
            }
            float[] out = model.score(batch, n);
            System.arraycopy(out, 0, scores, from, n);
        }
        return scores;
    }
}
