package io.vigil.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Int8ExportTest {
    private static final Random RANDOM = new Random(5);
    private static final List<Dense> LAYERS = List.of(
            dense(40, 16, Activation.TANH),
            dense(16, 4, Activation.TANH),
            dense(4, 16, Activation.TANH),
            dense(16, 40, Activation.IDENTITY));

    @TempDir
    Path dir;

    @Test
    void int8GraphScoresRandomWindowsLikeTheFp32GraphThroughOnnxRuntime() {
        WindowCentering centering =
                new WindowCentering(5, 8, new boolean[] {false, false, false, false, true, true, false, false});
        float[] windows = new float[64 * 40];
        for (int k = 0; k < windows.length; k++) {
            windows[k] = (float) RANDOM.nextGaussian();
        }

        float[] fp32 = score(Precision.FP32, centering, windows, "fp32");
        float[] int8 = score(Precision.INT8, centering, windows, "int8");

        for (int k = 0; k < 64; k++) {
            assertThat(int8[k]).as("window %d", k).isCloseTo(fp32[k], within(0.05f * fp32[k] + 0.01f));
        }
    }

    @Test
    void writesInt8WeightsAsRawTensorsFeedingMatMulInteger() throws Exception {
        ModelProto model = ModelProto.parseFrom(
                OnnxGraphWriter.autoencoder(LAYERS, null, "windows", "score", Map.of(), Precision.INT8));

        assertThat(model.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(13);
        assertThat(model.getGraph().getNodeList())
                .extracting(NodeProto::getOpType)
                .startsWith("DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul", "Add", "Tanh");
        TensorProto wq = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("dense0_wq"))
                .findFirst()
                .orElseThrow();
        assertThat(wq.getDataType()).isEqualTo(TensorProto.DataType.INT8.getNumber());
        assertThat(wq.getDimsList()).containsExactly(40L, 16L);
        assertThat(wq.getRawData().size()).isEqualTo(40 * 16);
    }

    @Test
    void quantizesEachColumnSymmetricallyToItsOwnRange() {
        Dense layer = new Dense(2, 2, new float[] {1f, -0.5f, 0.01f, 0.02f}, new float[2], Activation.IDENTITY);

        Int8Columns q = Int8Columns.of(layer);

        assertThat(q.scale()).containsExactly(1f / 127, 0.02f / 127);
        assertThat(q.dequantized(0, 0)).isCloseTo(1f, within(1e-6f));
        assertThat(q.dequantized(1, 1)).isCloseTo(0.02f, within(1e-6f));
        assertThat(q.dequantized(1, 0)).isCloseTo(0.01f, within(0.02f / 254));
    }

    private float[] score(Precision precision, WindowCentering centering, float[] windows, String name) {
        byte[] onnx = OnnxGraphWriter.autoencoder(LAYERS, centering, "windows", "score", Map.of(), precision);
        ModelManifest manifest = new ModelManifest(
                "int8-test",
                "0.0.1",
                "anomaly",
                List.of("a", "b", "c", "d", "e", "f", "g", "h"),
                5,
                1,
                new Scaler(new double[8], new double[] {1, 1, 1, 1, 1, 1, 1, 1}),
                1,
                "windows",
                "score",
                "0".repeat(64),
                "");
        try (OnnxModel model = OnnxModel.load(ModelPackage.write(dir.resolve(name), manifest, onnx), 1)) {
            return model.score(windows, 64);
        }
    }

    private static Dense dense(int in, int out, Activation activation) {
        float[] w = new float[in * out];
        float[] b = new float[out];
        double limit = Math.sqrt(6.0 / (in + out));
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) ((RANDOM.nextDouble() * 2 - 1) * limit);
        }
        for (int k = 0; k < b.length; k++) {
            b[k] = (float) (RANDOM.nextGaussian() * 0.1);
        }
        return new Dense(in, out, w, b, activation);
    }
}
