package io.vigil.model.train;

import io.vigil.model.onnx.Dense;
import io.vigil.model.onnx.WindowCentering;
import java.util.List;

/**
 * A trained autoencoder in plain Java: the layers that were exported, and a forward pass that computes the same
 * score as the exported graph ({@code mean((x - reconstruction)^2)} per window).
 *
 * <p>Serving never uses this class — ONNX Runtime does — but training needs it for the threshold, and tests use it
 * as the reference the exported graph must agree with.
 *
 * @param layers first to last; the last layer outputs the first layer's input width
 * @param centering applied to each window before the first layer ({@code null}: none)
 */
public record Autoencoder(List<Dense> layers, WindowCentering centering) {
    public Autoencoder {
        layers = List.copyOf(layers);
        if (layers.isEmpty()
                || layers.get(layers.size() - 1).outputs() != layers.get(0).inputs()) {
            throw new IllegalArgumentException("an autoencoder must end with as many outputs as it has inputs");
        }
        if (centering != null && centering.features() != layers.get(0).inputs()) {
            throw new IllegalArgumentException("centering is for windows of " + centering.features()
                    + " floats but the network takes " + layers.get(0).inputs());
        }
    }

    /** An autoencoder that sees windows as they are. */
    public Autoencoder(List<Dense> layers) {
        this(layers, null);
    }

    /** Floats per window. */
    public int featureCount() {
        return layers.get(0).inputs();
    }

    /** Scores {@code batch} windows laid out back to back in {@code windows}. */
    public float[] score(float[] windows, int batch) {
        float[] scores = new float[batch];
        for (int s = 0; s < batch; s++) {
            scores[s] = scoreAt(windows, s * featureCount());
        }
        return scores;
    }

    /** Scores the window starting at {@code windows[offset]}. */
    public float scoreAt(float[] windows, int offset) {
        int features = featureCount();
        float[] x = new float[features];
        System.arraycopy(windows, offset, x, 0, features);
        if (centering != null) {
            centering.apply(x, 0);
        }
        float[] in = x.clone();
        for (Dense layer : layers) {
            float[] y = new float[layer.outputs()];
            layer.forward(x, 0, y, 0);
            x = y;
        }
        float sum = 0;
        for (int i = 0; i < features; i++) {
            float r = in[i] - x[i];
            sum += r * r;
        }
        return sum / features;
    }
}
