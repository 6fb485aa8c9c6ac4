package io.vigil.model.train;

import io.vigil.model.onnx.Dense;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained regressor in plain Java: an ensemble of dense networks with one output each, whose prediction is the mean
 * of the members'. Serving uses the exported graph; this is the reference it must agree with.
 *
 * @param members one or more networks, each first layer to last, all taking the same input width and ending in one
 *     output
 */
public record Regressor(List<List<Dense>> members) {
    public Regressor {
        members = members.stream().map(List::copyOf).toList();
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a regressor needs at least one member");
        }
        int inputs = members.get(0).get(0).inputs();
        for (List<Dense> m : members) {
            if (m.get(0).inputs() != inputs || m.get(m.size() - 1).outputs() != 1) {
                throw new IllegalArgumentException("every member must take " + inputs + " inputs and give 1 output");
            }
        }
    }

    /** Floats per input row. */
    public int featureCount() {
        return members.get(0).get(0).inputs();
    }

    /** Predicts {@code batch} rows laid out back to back in {@code inputs}. */
    public float[] predict(float[] inputs, int batch) {
        float[] out = new float[batch];
        for (int s = 0; s < batch; s++) {
            out[s] = predictAt(inputs, s * featureCount());
        }
        return out;
    }

    /** Predicts the row starting at {@code inputs[offset]}. */
    public float predictAt(float[] inputs, int offset) {
        float sum = 0;
        for (List<Dense> member : members) {
            float[] x = new float[featureCount()];
            System.arraycopy(inputs, offset, x, 0, x.length);
            for (Dense layer : member) {
                float[] y = new float[layer.outputs()];
                layer.forward(x, 0, y, 0);
                x = y;
            }
            sum += x[0];
        }
        return sum / members.size();
    }

    /**
     * The same ensemble with every prediction multiplied by {@code factor}, folded into each member's last layer: a
     * network trained on targets divided by a scale predicts in the targets' own units.
     */
    public Regressor scaled(double factor) {
        List<List<Dense>> out = new ArrayList<>();
        for (List<Dense> member : members) {
            List<Dense> layers = new ArrayList<>(member);
            Dense last = layers.get(layers.size() - 1);
            float[] w = last.weights();
            float[] b = last.bias();
            for (int i = 0; i < w.length; i++) {
                w[i] *= (float) factor;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] *= (float) factor;
            }
            layers.set(layers.size() - 1, new Dense(last.inputs(), last.outputs(), w, b, last.activation()));
            out.add(layers);
        }
        return new Regressor(out);
    }
}
