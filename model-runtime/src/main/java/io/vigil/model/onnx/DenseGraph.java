package io.vigil.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The float32 dense layers of a graph {@link OnnxGraphWriter} wrote, read back, and the same graph with other weights.
 *
 * <p>A federated round starts from a registered version and ends with a new one. Rewriting only the {@code denseL_w}
 * and {@code denseL_b} initializers keeps everything else of the served graph as it was (centering, in-graph
 * smoothing, input and output names, metadata), so the new version scores exactly like the old one but for the
 * weights. An int8 graph has no float weights to start from and is refused.
 *
 * @param layers the network, first layer first
 * @param centering the window centering in front of the network, if the graph has one
 */
public record DenseGraph(List<Dense> layers, Optional<WindowCentering> centering) {
    public DenseGraph {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a dense graph needs at least one layer");
        }
    }

    /**
     * Reads the layers of {@code onnx}.
     *
     * @throws IllegalArgumentException when the bytes are not an ONNX model, or hold no float {@code dense0_w}
     */
    public static DenseGraph read(byte[] onnx) {
        GraphProto graph = parse(onnx).getGraph();
        Map<String, TensorProto> init = new HashMap<>();
        graph.getInitializerList().forEach(t -> init.put(t.getName(), t));
        Map<String, String> activations = new HashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            if (n.getName().endsWith("_activation")) {
                activations.put(n.getName().substring(0, n.getName().length() - "_activation".length()), n.getOpType());
            }
        }
        if (init.containsKey("dense0_wq")) {
            throw new IllegalArgumentException(
                    "the graph holds int8 weights (dense0_wq): federated rounds need the float32 graph of the version");
        }
        var layers = new ArrayList<Dense>();
        for (int l = 0; init.containsKey("dense" + l + "_w"); l++) {
            TensorProto w = init.get("dense" + l + "_w");
            TensorProto b = init.get("dense" + l + "_b");
            if (w.getDimsCount() != 2 || b == null) {
                throw new IllegalArgumentException("dense" + l + "_w has dims " + w.getDimsList() + " and bias "
                        + (b == null ? "none" : b.getDimsList()) + ": not a dense layer [outputs, inputs]");
            }
            layers.add(new Dense(
                    (int) w.getDims(1),
                    (int) w.getDims(0),
                    floats(w),
                    floats(b),
                    activation(activations.get("dense" + l))));
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(
                    "the graph has no float initializer dense0_w: not a Vigil dense network");
        }
        return new DenseGraph(layers, centering(init));
    }

    /** The same model as {@code onnx} with this graph's layer weights in place of its own. */
    public byte[] writeInto(byte[] onnx) {
        ModelProto model = parse(onnx);
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            TensorProto t = graph.getInitializer(i);
            for (int l = 0; l < layers.size(); l++) {
                if (t.getName().equals("dense" + l + "_w")) {
                    graph.setInitializer(i, replaced(t, layers.get(l).weights()));
                } else if (t.getName().equals("dense" + l + "_b")) {
                    graph.setInitializer(i, replaced(t, layers.get(l).bias()));
                }
            }
        }
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }

    /** Every layer's weights then its bias, first layer first: the layout of a federated round's weight vector. */
    public float[] flatWeights() {
        int n = layers.stream()
                .mapToInt(d -> d.weights().length + d.bias().length)
                .sum();
        float[] flat = new float[n];
        int at = 0;
        for (Dense d : layers) {
            float[] w = d.weights();
            float[] b = d.bias();
            System.arraycopy(w, 0, flat, at, w.length);
            at += w.length;
            System.arraycopy(b, 0, flat, at, b.length);
            at += b.length;
        }
        return flat;
    }

    /** This graph's layers with the weights of {@code flat} (laid out as {@link #flatWeights()}). */
    public DenseGraph withWeights(float[] flat) {
        int expected = flatWeights().length;
        if (flat.length != expected) {
            throw new IllegalArgumentException(flat.length + " weights do not fit a network of " + expected);
        }
        var next = new ArrayList<Dense>();
        int at = 0;
        for (Dense d : layers) {
            float[] w = java.util.Arrays.copyOfRange(flat, at, at + d.weights().length);
            at += w.length;
            float[] b = java.util.Arrays.copyOfRange(flat, at, at + d.bias().length);
            at += b.length;
            next.add(new Dense(d.inputs(), d.outputs(), w, b, d.activation()));
        }
        return new DenseGraph(next, centering);
    }

    /** Layer widths, input first. */
    public int[] sizes() {
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = layers.get(0).inputs();
        for (int l = 0; l < layers.size(); l++) {
            sizes[l + 1] = layers.get(l).outputs();
        }
        return sizes;
    }

    public List<Activation> activations() {
        return layers.stream().map(Dense::activation).toList();
    }

    private static ModelProto parse(byte[] onnx) {
        try {
            return ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the bytes are not an ONNX model: " + e.getMessage(), e);
        }
    }

    private static Activation activation(String op) {
        if (op == null) {
            return Activation.IDENTITY;
        }
        for (Activation a : Activation.values()) {
            if (op.equals(a.onnxOp())) {
                return a;
            }
        }
        throw new IllegalArgumentException("activation " + op + " is not one the trainer has");
    }

    private static Optional<WindowCentering> centering(Map<String, TensorProto> init) {
        TensorProto mask = init.get("center_mask");
        TensorProto shape = init.get("center_rows_shape");
        if (mask == null || shape == null) {
            return Optional.empty();
        }
        float[] m = floats(mask);
        boolean[] centered = new boolean[m.length];
        for (int t = 0; t < m.length; t++) {
            centered[t] = m[t] != 0f;
        }
        return Optional.of(new WindowCentering((int) shape.getInt64Data(1), (int) shape.getInt64Data(2), centered));
    }

    private static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("initializer " + t.getName() + " is not float32");
        }
        if (!t.getRawData().isEmpty()) {
            var buf = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[buf.remaining() / Float.BYTES];
            buf.asFloatBuffer().get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }

    private static TensorProto replaced(TensorProto t, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return t.toBuilder()
                .clearFloatData()
                .setRawData(ByteString.copyFrom(raw.array()))
                .build();
    }
}
