package io.vigil.model.train;

import io.vigil.model.onnx.Dense;

/**
 * An affine map {@code y = M x + c} from a window to hand-made features, used to train a network on the features and
 * then fold the map into the network's first layer, so the exported graph still takes the raw window.
 *
 * <p>Window summaries such as a tag's mean, its recent level or its least-squares slope are linear in the window. A
 * network trained on them learns faster and generalizes better than one given the raw window (they are a prior about
 * what matters), yet {@code W (M x + c) + b = (W M) x + (W c + b)}: after {@link #foldInto} the first layer computes
 * the features itself, and the graph keeps the input contract every Vigil model shares.
 *
 * @param inputs width of {@code x}
 * @param outputs width of {@code y}
 * @param matrix {@code M}, row-major {@code [outputs][inputs]}
 * @param constant {@code c}, {@code outputs} floats
 */
public record LinearMap(int inputs, int outputs, double[] matrix, double[] constant) {
    public LinearMap {
        if (inputs < 1 || outputs < 1 || matrix.length != inputs * outputs || constant.length != outputs) {
            throw new IllegalArgumentException("linear map " + inputs + " -> " + outputs + " needs a matrix of "
                    + inputs * outputs + " and a constant of " + outputs + ", got " + matrix.length + " and "
                    + constant.length);
        }
        matrix = matrix.clone();
        constant = constant.clone();
    }

    /** Writes {@code M x + c} for the {@code x} at {@code in[inOffset ..]} into {@code out[outOffset ..]}. */
    public void apply(float[] in, int inOffset, float[] out, int outOffset) {
        for (int o = 0; o < outputs; o++) {
            double sum = constant[o];
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                sum += matrix[row + i] * in[inOffset + i];
            }
            out[outOffset + o] = (float) sum;
        }
    }

    /** Applies the map to {@code rows} inputs back to back. */
    public float[] applyAll(float[] in, int rows) {
        float[] out = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            apply(in, r * inputs, out, r * outputs);
        }
        return out;
    }

    /**
     * This map followed by standardization of each output over {@code rows} sample inputs (mean 0, standard deviation
     * 1; an output that does not vary is only centered).
     */
    public LinearMap standardizedOn(float[] in, int rows) {
        float[] y = applyAll(in, rows);
        double[] m = matrix.clone();
        double[] c = constant.clone();
        for (int o = 0; o < outputs; o++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                sum += y[r * outputs + o];
            }
            double mean = sum / rows;
            for (int r = 0; r < rows; r++) {
                double d = y[r * outputs + o] - mean;
                squares += d * d;
            }
            double sd = Math.sqrt(squares / rows);
            double inv = sd > 1e-9 ? 1 / sd : 1;
            for (int i = 0; i < inputs; i++) {
                m[o * inputs + i] *= inv;
            }
            c[o] = (c[o] - mean) * inv;
        }
        return new LinearMap(inputs, outputs, m, c);
    }

    /** The layer {@code first(M x + c)} as one layer on {@code x}: weights {@code W M}, bias {@code W c + b}. */
    public Dense foldInto(Dense first) {
        if (first.inputs() != outputs) {
            throw new IllegalArgumentException(
                    "cannot fold a map with " + outputs + " outputs into a layer with " + first.inputs() + " inputs");
        }
        float[] w = first.weights();
        float[] b = first.bias();
        float[] folded = new float[first.outputs() * inputs];
        float[] bias = new float[first.outputs()];
        for (int o = 0; o < first.outputs(); o++) {
            double bo = b[o];
            for (int k = 0; k < outputs; k++) {
                double wk = w[o * outputs + k];
                bo += wk * constant[k];
                for (int i = 0; i < inputs; i++) {
                    folded[o * inputs + i] += (float) (wk * matrix[k * inputs + i]);
                }
            }
            bias[o] = (float) bo;
        }
        return new Dense(inputs, first.outputs(), folded, bias, first.activation());
    }

    /**
     * Per tag of a window ({@code windowLength} rows of {@code tags} values, oldest first): the mean of the whole
     * window, the mean of its last {@code recent} rows, and the least-squares slope over the window (per row).
     * Outputs are ordered tag by tag.
     */
    public static LinearMap windowSummary(int windowLength, int tags, int recent) {
        if (recent < 1 || recent > windowLength) {
            throw new IllegalArgumentException("recent " + recent + " not in 1..windowLength (" + windowLength + ")");
        }
        int inputs = windowLength * tags;
        int perTag = 3;
        double[] m = new double[tags * perTag * inputs];
        double centre = (windowLength - 1) / 2.0;
        double sxx = 0;
        for (int r = 0; r < windowLength; r++) {
            sxx += (r - centre) * (r - centre);
        }
        for (int t = 0; t < tags; t++) {
            int mean = (t * perTag) * inputs;
            int level = (t * perTag + 1) * inputs;
            int slope = (t * perTag + 2) * inputs;
            for (int r = 0; r < windowLength; r++) {
                int i = r * tags + t;
                m[mean + i] = 1.0 / windowLength;
                m[level + i] = r >= windowLength - recent ? 1.0 / recent : 0;
                m[slope + i] = sxx > 0 ? (r - centre) / sxx : 0;
            }
        }
        return new LinearMap(inputs, tags * perTag, m, new double[tags * perTag]);
    }
}
