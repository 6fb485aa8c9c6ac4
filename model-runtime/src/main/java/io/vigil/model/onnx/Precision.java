package io.vigil.model.onnx;

/** How the exporter writes the weights of dense layers. */
public enum Precision {
    /** float32 weights, one {@code Gemm} per layer. */
    FP32,
    /**
     * int8 weights, symmetric per output column, and the layer input quantized to uint8 at run time: {@code
     * DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul(input scale x column scales) -> Add(bias)}, the chain ONNX
     * Runtime fuses into one integer matrix multiply.
     */
    INT8
}
