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
        return autoencoder(layers, null, inputName, outputName, metadata, Precision.FP32);
    }

    /**
     * {@link #autoencoder(List, String, String, Map)} with the dense layers written in {@code precision}, and the
     * window first centered by {@code centering} (may be {@code null}: none); the score then compares the
     * reconstruction with the centered window.
     */
    public static byte[] autoencoder(
            List<Dense> layers,
            WindowCentering centering,
            String inputName,
            String outputName,
            Map<String, String> metadata,
            Precision precision) {
        int features = checkShapes(layers);
        checkReconstructs(layers, features);
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("vigil_autoencoder")
                .addInput(tensorInfo(inputName, features))
                .addOutput(tensorInfo(outputName, -1));
        addScorer(graph, layers, centering, features, inputName, outputName, precision);
        return model(graph, "Dense autoencoder; output is the mean squared reconstruction error per window", metadata);
    }

    /**
     * {@link #autoencoder(List, WindowCentering, String, String, Map, Precision)} whose score is smoothed inside the
     * graph: the input holds {@code windowLength + smoothing - 1} rows, the network scores each of the {@code
     * smoothing} windows of {@code windowLength} rows that end in it (the last one ends at the newest row), and the
     * output is the mean of those scores, a causal moving average. The edge then thresholds the graph's output as is,
     * with no model-specific state in Java: what was evaluated is what is served.
     *
     * <p>The graph: {@code Reshape [N, rows, tags]} → per offset {@code j}: {@code Slice} rows {@code j .. j + window}
     * → {@code Reshape [N, 1, window * tags]}; {@code Concat} on axis 1 → {@code Reshape [N * smoothing, window *
     * tags]} → centering, network and score as usual → {@code Reshape [N, smoothing]} → {@code ReduceMean} → {@code
     * [N]}.
     *
     * @param windowLength rows the network takes; its input width must be a multiple of it
     * @param smoothing windows averaged, {@code >= 1}; 1 writes the plain autoencoder
     */
    public static byte[] autoencoder(
            List<Dense> layers,
            WindowCentering centering,
            int windowLength,
            int smoothing,
            String inputName,
            String outputName,
            Map<String, String> metadata,
            Precision precision) {
        if (smoothing < 1) {
            throw new IllegalArgumentException("smoothing " + smoothing + " must be >= 1");
        }
        if (smoothing == 1) {
            return autoencoder(layers, centering, inputName, outputName, metadata, precision);
        }
        int features = checkShapes(layers);
        if (windowLength < 1 || features % windowLength != 0) {
            throw new IllegalArgumentException(
                    "the network's " + features + " inputs are not a whole number of rows of window " + windowLength);
        }
        int tags = features / windowLength;
        int rows = windowLength + smoothing - 1;
        checkReconstructs(layers, features);
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("vigil_smoothed_autoencoder")
                .addInput(tensorInfo(inputName, rows * tags))
                .addOutput(tensorInfo(outputName, -1));
        graph.addInitializer(int64s("smooth_rows_shape", -1, rows, tags));
        graph.addInitializer(int64s("smooth_sub_shape", -1, 1, features));
        graph.addInitializer(int64s("smooth_flat_shape", -1, features));
        graph.addInitializer(int64s("smooth_scores_shape", -1, smoothing));
        graph.addInitializer(int64s("smooth_axis", 1));
        graph.addNode(node("Reshape", "smooth_rows", List.of(inputName, "smooth_rows_shape"), "smooth_rows"));
        NodeProto.Builder concat = NodeProto.newBuilder()
                .setOpType("Concat")
                .setName("smooth_concat")
                .addAttribute(intAttribute("axis", 1));
        for (int j = 0; j < smoothing; j++) {
            graph.addInitializer(int64s("smooth_start_" + j, j));
            graph.addInitializer(int64s("smooth_end_" + j, j + windowLength));
            graph.addNode(node(
                    "Slice",
                    "smooth_slice_" + j,
                    List.of("smooth_rows", "smooth_start_" + j, "smooth_end_" + j, "smooth_axis"),
                    "smooth_window_" + j));
            graph.addNode(node(
                    "Reshape",
                    "smooth_window_flat_" + j,
                    List.of("smooth_window_" + j, "smooth_sub_shape"),
                    "smooth_sub_" + j));
            concat.addInput("smooth_sub_" + j);
        }
        graph.addNode(concat.addOutput("smooth_stacked"));
        graph.addNode(node("Reshape", "smooth_windows", List.of("smooth_stacked", "smooth_flat_shape"), "sub_windows"));
        addScorer(graph, layers, centering, features, "sub_windows", "sub_scores", precision);
        graph.addNode(node("Reshape", "smooth_scores", List.of("sub_scores", "smooth_scores_shape"), "smooth_scores"));
        graph.addNode(node("ReduceMean", "smooth_mean", List.of("smooth_scores"), outputName)
                .addAttribute(AttributeProto.newBuilder()
                        .setName("axes")
                        .setType(AttributeProto.AttributeType.INTS)
                        .addInts(1))
                .addAttribute(intAttribute("keepdims", 0)));
        return model(
                graph,
                "Dense autoencoder; output is the mean over the last " + smoothing
                        + " windows of their mean squared reconstruction error",
                metadata);
    }

    /**
     * Serializes an ensemble of networks as a regressor with one output per window, e.g. remaining useful life: the
     * mean of the members' outputs.
     *
     * <p>The graph is {@code features [N, F]} → per member ({@code Gemm} → activation)* → {@code [N, 1]} → {@code
     * Mean} over members → {@code Reshape} → {@code [N]}, the same output contract as the anomaly score.
     *
     * @throws IllegalArgumentException if the widths do not chain, the members disagree on the input width, or a
     *     member's last layer has more than one output
     */
    public static byte[] regressor(
            List<List<Dense>> members,
            String inputName,
            String outputName,
            Map<String, String> metadata,
            Precision precision) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a regressor needs at least one member");
        }
        int features = checkShapes(members.get(0));
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("vigil_regressor")
                .addInput(tensorInfo(inputName, features))
                .addOutput(tensorInfo(outputName, -1));
        NodeProto.Builder mean = NodeProto.newBuilder().setOpType("Mean").setName("ensemble_mean");
        for (int m = 0; m < members.size(); m++) {
            List<Dense> layers = members.get(m);
            int in = checkShapes(layers);
            int last = layers.get(layers.size() - 1).outputs();
            if (in != features || last != 1) {
                throw new IllegalArgumentException("regressor member " + m + " maps " + in + " inputs to " + last
                        + " outputs; every member must map " + features + " inputs to 1 output");
            }
            mean.addInput(addLayers(graph, layers, inputName, precision, "m" + m + "_"));
        }
        graph.addNode(mean.addOutput("ensemble"));
        graph.addInitializer(int64s("flat_shape", -1));
        graph.addNode(node("Reshape", "flatten", List.of("ensemble", "flat_shape"), outputName));
        return model(graph, "Dense regressor ensemble; output is the mean prediction per window", metadata);
    }

    /** Centering (if any), the network and the reconstruction error: {@code input [M, features]} → {@code output [M]}. */
    private static void addScorer(
            GraphProto.Builder graph,
            List<Dense> layers,
            WindowCentering centering,
            int features,
            String input,
            String output,
            Precision precision) {
        String x = input;
        if (centering != null && centering.active()) {
            if (centering.features() != features) {
                throw new IllegalArgumentException("centering is for windows of " + centering.features()
                        + " floats but the network takes " + features);
            }
            x = addCentering(graph, centering, input);
        }
        addScore(graph, x, addLayers(graph, layers, x, precision), output);
    }

    /** {@code Reshape [N, rows, tags] -> ReduceMean(rows) -> Mul(mask) -> Sub -> Reshape [N, rows * tags]}. */
    private static String addCentering(GraphProto.Builder graph, WindowCentering centering, String input) {
        graph.addInitializer(int64s("center_rows_shape", -1, centering.windowLength(), centering.tags()));
        graph.addInitializer(int64s("center_flat_shape", -1, centering.features()));
        float[] mask = new float[centering.tags()];
        boolean[] flags = centering.centered();
        for (int t = 0; t < mask.length; t++) {
            mask[t] = flags[t] ? 1f : 0f;
        }
        graph.addInitializer(floats("center_mask", mask, mask.length));
        graph.addNode(node("Reshape", "center_rows", List.of(input, "center_rows_shape"), "center_rows"));
        graph.addNode(node("ReduceMean", "center_mean", List.of("center_rows"), "center_mean")
                .addAttribute(AttributeProto.newBuilder()
                        .setName("axes")
                        .setType(AttributeProto.AttributeType.INTS)
                        .addInts(1))
                .addAttribute(intAttribute("keepdims", 1)));
        graph.addNode(node("Mul", "center_masked", List.of("center_mean", "center_mask"), "center_masked"));
        graph.addNode(node("Sub", "center_sub", List.of("center_rows", "center_masked"), "center_centered"));
        graph.addNode(node("Reshape", "center_flat", List.of("center_centered", "center_flat_shape"), "centered"));
        return "centered";
    }

    private static TensorProto int64s(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static String addLayers(GraphProto.Builder graph, List<Dense> layers, String input, Precision precision) {
        return addLayers(graph, layers, input, precision, "");
    }

    /** Adds the layers with node and initializer names starting with {@code prefix}; returns the last output. */
    private static String addLayers(
            GraphProto.Builder graph, List<Dense> layers, String input, Precision precision, String prefix) {
        String x = input;
        for (int l = 0; l < layers.size(); l++) {
            String p = prefix + "dense" + l;
            x = precision == Precision.INT8
                    ? addInt8Dense(graph, layers.get(l), p, x)
                    : addDense(graph, layers.get(l), p, x);
        }
        return x;
    }

    private static byte[] model(GraphProto.Builder graph, String doc, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("vigil")
                .setDomain("io.vigil")
                .setModelVersion(1)
                .setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    private static int checkShapes(List<Dense> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException(
                        "layer " + l + " takes " + layers.get(l).inputs() + " inputs but layer " + (l - 1) + " gives "
                                + layers.get(l - 1).outputs());
            }
        }
        return layers.get(0).inputs();
    }

    private static void checkReconstructs(List<Dense> layers, int features) {
        int last = layers.get(layers.size() - 1).outputs();
        if (last != features) {
            throw new IllegalArgumentException(
                    "an autoencoder must reconstruct its " + features + " inputs but the last layer gives " + last);
        }
    }

    private static String addDense(GraphProto.Builder graph, Dense layer, String p, String input) {
        String w = p + "_w";
        String b = p + "_b";
        String affine = p + "_out";
        graph.addInitializer(floats(w, layer.weights(), layer.outputs(), layer.inputs()));
        graph.addInitializer(floats(b, layer.bias(), layer.outputs()));
        graph.addNode(node("Gemm", p, List.of(input, w, b), affine).addAttribute(intAttribute("transB", 1)));
        return addActivation(graph, layer, p, affine);
    }

    /**
     * {@code DynamicQuantizeLinear(x) -> MatMulInteger(xq, q, xZero) -> Cast -> Mul(xScale * columnScales) -> Add(b)}.
     * The weights go in as an int8 initializer {@code [inputs, outputs]} in raw bytes; the input is quantized per call
     * to uint8 over its own range, so no calibration data is needed.
     */
    private static String addInt8Dense(GraphProto.Builder graph, Dense layer, String p, String input) {
        Int8Columns q = Int8Columns.of(layer);
        graph.addInitializer(TensorProto.newBuilder()
                .setName(p + "_wq")
                .setDataType(TensorProto.DataType.INT8.getNumber())
                .addDims(q.inputs())
                .addDims(q.outputs())
                .setRawData(ByteString.copyFrom(q.q())));
        graph.addInitializer(floats(p + "_ws", q.scale(), q.outputs()));
        graph.addInitializer(floats(p + "_b", layer.bias(), layer.outputs()));
        graph.addNode(NodeProto.newBuilder()
                .setOpType("DynamicQuantizeLinear")
                .setName(p + "_quantize")
                .addInput(input)
                .addOutput(p + "_xq")
                .addOutput(p + "_xs")
                .addOutput(p + "_xz"));
        graph.addNode(node("MatMulInteger", p + "_matmul", List.of(p + "_xq", p + "_wq", p + "_xz"), p + "_acc"));
        graph.addNode(node("Cast", p + "_cast", List.of(p + "_acc"), p + "_accf")
                .addAttribute(intAttribute("to", TensorProto.DataType.FLOAT.getNumber())));
        graph.addNode(node("Mul", p + "_scales", List.of(p + "_xs", p + "_ws"), p + "_scale"));
        graph.addNode(node("Mul", p + "_rescale", List.of(p + "_accf", p + "_scale"), p + "_mm"));
        graph.addNode(node("Add", p + "_bias", List.of(p + "_mm", p + "_b"), p + "_out"));
        return addActivation(graph, layer, p, p + "_out");
    }

    private static String addActivation(GraphProto.Builder graph, Dense layer, String p, String affine) {
        if (layer.activation().onnxOp() == null) {
            return affine;
        }
        String activated = p + "_act";
        graph.addNode(node(layer.activation().onnxOp(), p + "_activation", List.of(affine), activated));
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
