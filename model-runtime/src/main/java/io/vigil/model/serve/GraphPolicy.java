package io.vigil.model.serve;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.vigil.model.pkg.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The operators a Vigil model may use, checked before ONNX Runtime sees the graph, by the hub on upload and by the
 * agent on load (both go through {@link OnnxModel#load}).
 *
 * <p>Why an allow-list: ONNX Runtime runs whatever a graph asks, and a 44 KB graph building {@code ConstantOfShape}
 * of 2^29 elements grew the hub by 2.1 GB, while a {@code Loop} of 10^12 trips spun a thread forever (issue 21). The
 * models Vigil trains, and the small dense, recurrent and convolutional autoencoders exported from PyTorch or
 * scikit-learn, need arithmetic, activations, reductions, reshaping and quantization; they never need control flow
 * ({@code Loop}, {@code Scan}, {@code If}), operators that make tensors of a size read from data
 * ({@code ConstantOfShape}, {@code Expand}, {@code Tile}, {@code Range}, {@code Pad}, {@code Resize}), custom
 * domains or model-local functions. Those are refused with the operator and node named.
 *
 * <p>What it does not bound: broadcasting in an allowed operator can still make a large tensor from small
 * initializers; a time and memory bound on the check itself (a separate process) is the remaining defence.
 */
public final class GraphPolicy {
    static final Set<String> ALLOWED = Set.of(
            // arithmetic and activations
            "Add",
            "Sub",
            "Mul",
            "Div",
            "Pow",
            "Sqrt",
            "Abs",
            "Neg",
            "Exp",
            "Log",
            "Reciprocal",
            "Erf",
            "Relu",
            "LeakyRelu",
            "Elu",
            "Selu",
            "Sigmoid",
            "HardSigmoid",
            "Tanh",
            "Softmax",
            "LogSoftmax",
            "Softplus",
            "Gelu",
            "Clip",
            "Max",
            "Min",
            "Mean",
            "Sum",
            "Where",
            "Equal",
            "Greater",
            "Less",
            "GreaterOrEqual",
            "LessOrEqual",
            "Not",
            "And",
            "Or",
            "IsNaN",
            // linear algebra and layers
            "Gemm",
            "MatMul",
            "Conv",
            "ConvTranspose",
            "BatchNormalization",
            "LayerNormalization",
            "InstanceNormalization",
            "LSTM",
            "GRU",
            "RNN",
            "Dropout",
            "Identity",
            // reductions
            "ReduceMean",
            "ReduceSum",
            "ReduceMax",
            "ReduceMin",
            "ReduceL2",
            "ReduceSumSquare",
            "ArgMax",
            "ArgMin",
            // shapes (each keeps or shrinks the element count)
            "Reshape",
            "Flatten",
            "Squeeze",
            "Unsqueeze",
            "Transpose",
            "Concat",
            "Split",
            "Slice",
            "Gather",
            "Shape",
            "Size",
            "Cast",
            "CastLike",
            "Constant",
            // quantization
            "QuantizeLinear",
            "DequantizeLinear",
            "DynamicQuantizeLinear",
            "MatMulInteger",
            "QLinearMatMul",
            "ConvInteger",
            "QLinearConv");

    private GraphPolicy() {}

    /**
     * Refuses the graph in {@code onnxFile} when it uses anything outside {@link #ALLOWED}. Bytes that are not an ONNX
     * model at all pass: ONNX Runtime refuses them next, with the message operators already know.
     */
    public static void check(Path onnxFile) {
        ModelProto model;
        try (InputStream in = Files.newInputStream(onnxFile)) {
            model = ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return;
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + onnxFile + ": " + e.getMessage(), e);
        }
        if (model.getFunctionsCount() > 0) {
            throw new GraphRefusedException(onnxFile + " defines " + model.getFunctionsCount()
                    + " model-local functions; Vigil models use standard operators only");
        }
        check(onnxFile, model.getGraph());
    }

    private static void check(Path file, GraphProto graph) {
        for (NodeProto node : graph.getNodeList()) {
            String domain = node.getDomain();
            if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                throw new GraphRefusedException(file + ": node '" + node.getName() + "' uses operator " + domain + "."
                        + node.getOpType() + " of a custom domain; Vigil models use the standard domain only");
            }
            if (!ALLOWED.contains(node.getOpType())) {
                throw new GraphRefusedException(file + ": node '" + node.getName() + "' uses operator "
                        + node.getOpType() + ", which Vigil models do not need (allowed: arithmetic, activations,"
                        + " Gemm/MatMul/Conv/LSTM/GRU, reductions, reshaping, quantization; no control flow and no"
                        + " operator that sizes a tensor from data)");
            }
        }
    }

    /** A graph the policy refuses; the message names the node and its operator. */
    public static final class GraphRefusedException extends ModelLoadException {
        public GraphRefusedException(String message) {
            super(message);
        }
    }
}
