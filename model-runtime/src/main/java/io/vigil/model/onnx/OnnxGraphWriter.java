package io.vigil.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained dense autoencoder as an ONNX model whose output is already the anomaly score.
 *
 * <p>The graph is {@code windows [N, F]} → ({@code Gemm} → activation)* → reconstruction {@code [N, F]}, then
 * {@code score = ReduceMean((windows - reconstruction)^2, axis 1, keepdims 0)} → {@code [N]}. Putting the score in the
 * graph means the edge agent needs no model-specific Java: it hands windows to ONNX Runtime and compares one float
 * per window with the manifest's threshold, and a future model kind only has to honour the same contract.
 *
 * <p>Opset 13 and IR version 7 are old enough for every ONNX Runtime the plants may run, and recent enough for
 * {@code ReduceMean} with an {@code axes} attribute. Weights are float initializers stored as little-endian raw data,
 * the compact form ONNX Runtime maps directly.
 */
public final class OnnxGraphWriter {
    public static final int OPSET = 13;
    public static final long IR_VERSION = 7;
    public static final String DEFAULT_INPUT = "windows";
    public static final String DEFAULT_OUTPUT = "score";

    private OnnxGraphWriter() {}

    /**
     * Serializes the layers, first to last, as a reconstruction-error scorer.
     *
     * @param layers the network; consecutive widths must match and the last layer must output the first's input width
     * @param inputName graph input name (the manifest's {@code inputName})
     * @param outputName graph score output name (the manifest's {@code outputName})
     * @param metadata key/value pairs stored in the model (model id, version, training summary)
     * @return the {@code ModelProto} bytes, ready to be written as {@code model.onnx}
     */
    public static byte[] autoencoder(
            List<Dense> layers, String inputName, String outputName, Map<String, String> metadata) {
        int features = checkShapes(layers);
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("vigil_autoencoder")
                .addInput(tensorInfo(inputName, features))
                .addOutput(tensorInfo(outputName, -1));
        String x = inputName;
        for (int l = 0; l < layers.size(); l++) {
            x = addDense(graph, layers.get(l), l, x);
        }
        addScore(graph, inputName, x, outputName);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("vigil")
                .setDomain("io.vigil")
                .setModelVersion(1)
                .setDocString("Dense autoencoder; output is the mean squared reconstruction error per window")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    private static int checkShapes(List<Dense> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an autoencoder needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException(
                        "layer " + l + " takes " + layers.get(l).inputs() + " inputs but layer " + (l - 1) + " gives "
                                + layers.get(l - 1).outputs());
            }
        }
        int features = layers.get(0).inputs();
        int last = layers.get(layers.size() - 1).outputs();
        if (last != features) {
            throw new IllegalArgumentException(
                    "an autoencoder must reconstruct its " + features + " inputs but the last layer gives " + last);
        }
        return features;
    }

    private static String addDense(GraphProto.Builder graph, Dense layer, int index, String input) {
        String w = "dense" + index + "_w";
        String b = "dense" + index + "_b";
        String affine = "dense" + index + "_out";
        graph.addInitializer(floats(w, layer.weights(), layer.outputs(), layer.inputs()));
        graph.addInitializer(floats(b, layer.bias(), layer.outputs()));
        graph.addNode(
                node("Gemm", "dense" + index, List.of(input, w, b), affine).addAttribute(intAttribute("transB", 1)));
        if (layer.activation().onnxOp() == null) {
            return affine;
        }
        String activated = "dense" + index + "_act";
        graph.addNode(node(layer.activation().onnxOp(), "act" + index, List.of(affine), activated));
        return activated;
    }

    private static void addScore(GraphProto.Builder graph, String input, String reconstruction, String output) {
        graph.addNode(node("Sub", "residual", List.of(input, reconstruction), "residual"));
        graph.addNode(node("Mul", "squared", List.of("residual", "residual"), "squared"));
        graph.addNode(node("ReduceMean", "mean_squared_error", List.of("squared"), output)
                .addAttribute(AttributeProto.newBuilder()
                        .setName("axes")
                        .setType(AttributeProto.AttributeType.INTS)
                        .addInts(1))
                .addAttribute(intAttribute("keepdims", 0)));
    }

    private static NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(inputs)
                .addOutput(output);
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** A float tensor {@code [N]} or {@code [N, width]} with a symbolic batch dimension. */
    private static ValueInfoProto tensorInfo(String name, int width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (width > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }
}
