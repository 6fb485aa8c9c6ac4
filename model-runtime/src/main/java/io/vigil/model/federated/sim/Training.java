package io.vigil.model.federated.sim;

import io.vigil.model.federated.LocalData;
import io.vigil.model.federated.NetworkShape;
import io.vigil.model.train.LocalNetwork;
import java.util.SplittableRandom;

/** Plain (non-federated) training of the same network: the central and local-only baselines. */
public final class Training {
    private Training() {}

    /** {@code epochs} passes of Adam over {@code data} from {@code initial}, one optimizer throughout. */
    public static float[] fit(
            NetworkShape shape, float[] initial, LocalData data, int epochs, int batch, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LocalNetwork net = new LocalNetwork(shape.sizes(), shape.activations(), Math.min(batch, data.count()), seed);
        net.setParameters(initial);
        int n = data.count();
        int[] order = new int[n];
        for (int e = 0; e < epochs; e++) {
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            for (int k = n - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            int[] offsets = null;
            if (data instanceof LocalData.Windows w) {
                offsets = new int[n];
                for (int k = 0; k < n; k++) {
                    offsets[k] = order[k] * w.width();
                }
            }
            for (int from = 0; from < n; from += batch) {
                int count = Math.min(batch, n - from);
                if (data instanceof LocalData.Windows w) {
                    net.reconstructionStep(w.windows(), offsets, from, count, rate);
                } else if (data instanceof LocalData.Rows r) {
                    net.regressionStep(r.inputs(), r.targets(), order, from, count, rate);
                }
            }
        }
        return net.parameters();
    }

    /** Fresh weights of {@code shape} (Glorot uniform from {@code seed}). */
    public static float[] initial(NetworkShape shape, long seed) {
        return new LocalNetwork(shape.sizes(), shape.activations(), 1, seed).parameters();
    }

    /** Mean squared error of {@code weights} on {@code data} (reconstruction or regression). */
    public static double loss(NetworkShape shape, float[] weights, LocalData data) {
        LocalNetwork net = new LocalNetwork(shape.sizes(), shape.activations(), 1, 0);
        net.setParameters(weights);
        var layers = net.layers();
        double sum = 0;
        int width = data.width();
        float[] x = new float[width];
        for (int k = 0; k < data.count(); k++) {
            if (data instanceof LocalData.Windows w) {
                System.arraycopy(w.windows(), k * width, x, 0, width);
            } else if (data instanceof LocalData.Rows r) {
                System.arraycopy(r.inputs(), k * width, x, 0, width);
            }
            float[] y = x;
            for (var layer : layers) {
                float[] next = new float[layer.outputs()];
                layer.forward(y, 0, next, 0);
                y = next;
            }
            if (data instanceof LocalData.Windows) {
                for (int i = 0; i < width; i++) {
                    sum += (double) (y[i] - x[i]) * (y[i] - x[i]) / width;
                }
            } else if (data instanceof LocalData.Rows r) {
                double d = y[0] - r.targets()[k];
                sum += d * d;
            }
        }
        return sum / data.count();
    }
}
