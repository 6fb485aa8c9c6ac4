package io.vigil.model.serve;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.window.ReadyWindow;
import java.util.List;

/**
 * Turns raw rows into the graph's input: a window of {@code windowLength} rows, oldest first, each row the input
 * tags in manifest order, each value standardized with the manifest's {@link Scaler}.
 *
 * <p>Training, evaluation and the edge agent all call this class, so the layout a model was trained on and the layout
 * it is scored on cannot drift apart. A non-finite value is refused rather than encoded: a NaN would make the score
 * NaN, and {@code NaN > threshold} is false, so the anomaly would be missed silently.
 */
public final class WindowEncoder {
    private WindowEncoder() {}

    /**
     * Encodes all of {@code rowsOldestFirst} as one window into {@code out[offset ..]}.
     *
     * @param rowsOldestFirst the window's rows, each with one value per scaler entry
     * @param scaler the manifest's scaler
     * @param out destination; needs {@code rows * tags} floats from {@code offset}
     * @param offset first index written
     */
    public static void encode(double[][] rowsOldestFirst, Scaler scaler, float[] out, int offset) {
        encode(rowsOldestFirst, 0, rowsOldestFirst.length, scaler, out, offset);
    }

    /**
     * Encodes rows {@code from .. from + windowLength - 1} of a longer, time-ordered series as one window.
     *
     * @throws IllegalArgumentException if the rows or the output are too short, a row has the wrong width, or a value
     *     is not finite
     */
    public static void encode(double[][] rows, int from, int windowLength, Scaler scaler, float[] out, int offset) {
        int tags = scaler.mean().length;
        if (from < 0 || windowLength < 1 || from + windowLength > rows.length) {
            throw new IllegalArgumentException("window of " + windowLength + " rows from row " + from
                    + " does not fit in " + rows.length + " rows");
        }
        if (offset < 0 || offset + windowLength * tags > out.length) {
            throw new IllegalArgumentException("window of " + windowLength * tags + " floats at offset " + offset
                    + " does not fit in an output of " + out.length);
        }
        int at = offset;
        for (int r = from; r < from + windowLength; r++) {
            double[] row = rows[r];
            if (row == null || row.length != tags) {
                throw new IllegalArgumentException("row " + r + " has " + (row == null ? "no" : row.length)
                        + " values but the scaler has " + tags + " tags");
            }
            for (int t = 0; t < tags; t++) {
                if (!Double.isFinite(row[t])) {
                    throw new IllegalArgumentException("row " + r + " tag " + t + " is " + row[t]);
                }
                out[at++] = (float) scaler.apply(t, row[t]);
            }
        }
    }

    /** Encodes ready windows back to back with {@code m}'s scaler: one batch, as the agent and a backtest score it. */
    public static float[] encode(List<ReadyWindow> windows, ModelManifest m) {
        int features = m.featureCount();
        float[] input = new float[windows.size() * features];
        for (int i = 0; i < windows.size(); i++) {
            encode(windows.get(i).rows(), m.scaler(), input, i * features);
        }
        return input;
    }
}
