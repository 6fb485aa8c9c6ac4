package io.vigil.model.onnx;

/** The element-wise function after a dense layer, with the ONNX operator that computes it (none for identity). */
public enum Activation {
    IDENTITY(null),
    TANH("Tanh"),
    RELU("Relu");

    private final String onnxOp;

    Activation(String onnxOp) {
        this.onnxOp = onnxOp;
    }

    /** The ONNX operator type, or {@code null} when the layer output is used as is. */
    public String onnxOp() {
        return onnxOp;
    }

    /** Applies the function in Java, exactly as the ONNX operator defines it. */
    public float apply(float x) {
        return switch (this) {
            case IDENTITY -> x;
            case TANH -> (float) Math.tanh(x);
            case RELU -> x > 0 ? x : 0f;
        };
    }

    /** The derivative expressed through the function's output {@code y} (what backpropagation has at hand). */
    public float derivativeFromOutput(float y) {
        return switch (this) {
            case IDENTITY -> 1f;
            case TANH -> 1f - y * y;
            case RELU -> y > 0 ? 1f : 0f;
        };
    }
}
