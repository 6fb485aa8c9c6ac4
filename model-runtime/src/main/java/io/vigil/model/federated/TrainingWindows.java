package io.vigil.model.federated;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.onnx.DenseGraph;
import io.vigil.model.serve.WindowEncoder;
import java.util.List;

/**
 * An agent's recorded windows turned into what its {@link Participant} trains on, exactly as the served graph sees
 * them: the last rows the network takes, standardized with the version's scaler ({@link WindowEncoder}, the serving
 * path's own encoder), then centered as the graph centers. The raw rows also give the statistics the agent shares
 * for the federated scaler.
 *
 * @param data the network's inputs
 * @param stats per input tag: rows, sum and sum of squares of the raw values
 */
public record TrainingWindows(LocalData.Windows data, ScalerStats stats) {

    /**
     * @param windows raw windows, each {@code rows x manifest.inputTags()} oldest row first
     * @throws IllegalArgumentException when there is no window or a window is shorter than the network's input
     */
    public static TrainingWindows of(List<double[][]> windows, ModelManifest m, DenseGraph graph) {
        int tags = m.inputTags().size();
        int width = graph.sizes()[0];
        if (width % tags != 0) {
            throw new IllegalArgumentException("model " + m.ref() + ": a network input of " + width
                    + " floats is not whole rows of " + tags + " tags");
        }
        int rows = width / tags;
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("model " + m.ref() + ": no recorded window to train on");
        }
        float[] out = new float[windows.size() * width];
        double[] sum = new double[tags];
        double[] squares = new double[tags];
        long n = 0;
        for (int k = 0; k < windows.size(); k++) {
            double[][] w = windows.get(k);
            if (w.length < rows) {
                throw new IllegalArgumentException("model " + m.ref() + ": a recorded window of " + w.length
                        + " rows is shorter than the network's " + rows);
            }
            WindowEncoder.encode(w, w.length - rows, rows, m.scaler(), out, k * width);
            for (double[] row : w) {
                for (int t = 0; t < tags; t++) {
                    sum[t] += row[t];
                    squares[t] += row[t] * row[t];
                }
                n++;
            }
        }
        graph.centering().ifPresent(c -> {
            for (int k = 0; k < windows.size(); k++) {
                c.apply(out, k * width);
            }
        });
        return new TrainingWindows(new LocalData.Windows(out, windows.size(), width), new ScalerStats(n, sum, squares));
    }
}
