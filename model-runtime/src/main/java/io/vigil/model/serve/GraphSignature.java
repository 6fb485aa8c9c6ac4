package io.vigil.model.serve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vigil.model.pkg.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs and outputs of an ONNX graph as ONNX Runtime reads them, before any manifest exists: what {@code vigil
 * model package} needs to fill a manifest in from a graph another tool exported. A dimension the graph leaves open is
 * {@code -1}.
 *
 * @param inputs name to shape, in the graph's order ({@code null} shape: not a float32 tensor)
 * @param outputs name to shape, in the graph's order ({@code null} shape: not a float32 tensor)
 */
public record GraphSignature(Map<String, long[]> inputs, Map<String, long[]> outputs) {
    /**
     * Opens {@code onnx} in ONNX Runtime and reads its signature.
     *
     * @throws ModelLoadException if ONNX Runtime cannot load it
     */
    public static GraphSignature read(Path onnx) {
        return NativeStack.call("onnx-inspect", () -> {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                    OrtSession session = env.createSession(onnx.toString(), options)) {
                return new GraphSignature(shapes(session.getInputInfo()), shapes(session.getOutputInfo()));
            } catch (OrtException e) {
                throw new ModelLoadException(onnx + " is not a graph ONNX Runtime can load: " + e.getMessage(), e);
            }
        });
    }

    /** The input names, in order. */
    public List<String> inputNames() {
        return List.copyOf(inputs.keySet());
    }

    /** The output names, in order. */
    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    /** A shape as {@code [-1, 40]}, or {@code not a float32 tensor}. */
    public static String describe(long[] shape) {
        return shape == null ? "not a float32 tensor" : Arrays.toString(shape);
    }

    private static Map<String, long[]> shapes(Map<String, NodeInfo> infos) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        infos.forEach((name, node) -> shapes.put(
                name,
                node.getInfo() instanceof TensorInfo t && t.type == ai.onnxruntime.OnnxJavaType.FLOAT
                        ? t.getShape()
                        : null));
        return shapes;
    }
}
