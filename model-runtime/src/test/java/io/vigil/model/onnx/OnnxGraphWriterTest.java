package io.vigil.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.train.Autoencoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OnnxGraphWriterTest {
    private static final Random RANDOM = new Random(17);
    private static final List<Dense> LAYERS =
            List.of(random(12, 6, Activation.RELU), random(6, 3, Activation.TANH), random(3, 12, Activation.IDENTITY));

    @TempDir
    Path dir;

    @Test
    void onnxRuntimeComputesTheJavaScoreForEveryActivation() throws Exception {
        byte[] onnx = OnnxGraphWriter.autoencoder(LAYERS, "x", "y", Map.of());
        ModelManifest manifest = new ModelManifest(
                "writer-test",
                "0.0.1",
                "anomaly",
                List.of("a", "b", "c", "d"),
                3,
                1,
                new Scaler(new double[4], new double[] {1, 1, 1, 1}),
                1,
                "x",
                "y",
                "0".repeat(64),
                "");
        float[] windows = new float[32 * 12];
        for (int k = 0; k < windows.length; k++) {
            windows[k] = (float) RANDOM.nextGaussian() * 2;
        }

        float[] java = new Autoencoder(LAYERS).score(windows, 32);
        try (OnnxModel model = OnnxModel.load(ModelPackage.write(dir, manifest, onnx), 2)) {
            float[] ort = model.score(windows, 32);
            for (int k = 0; k < 32; k++) {
                assertThat(ort[k]).as("window %d", k).isCloseTo(java[k], within(1e-4f * Math.max(1, java[k])));
            }
        }
    }

    @Test
    void theSmoothedGraphScoresTheMeanOfTheLastWindowsWithCenteringPerWindow() throws Exception {
        int window = 3; // LAYERS take 12 floats: 3 rows x 4 tags
        int smoothing = 5;
        int rows = window + smoothing - 1;
        var centering = new WindowCentering(window, 4, new boolean[] {true, false, true, false});
        ModelManifest plainManifest = manifest(window);
        byte[] plain = OnnxGraphWriter.autoencoder(LAYERS, centering, "x", "y", Map.of(), Precision.FP32);
        byte[] smoothed =
                OnnxGraphWriter.autoencoder(LAYERS, centering, window, smoothing, "x", "y", Map.of(), Precision.FP32);
        int n = 6;
        float[] big = new float[n * rows * 4];
        for (int k = 0; k < big.length; k++) {
            big[k] = (float) RANDOM.nextGaussian() * 2;
        }
        // the same data as every window of 3 rows inside each big window, scored by the plain graph
        float[] small = new float[n * smoothing * window * 4];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < smoothing; j++) {
                System.arraycopy(big, (b * rows + j) * 4, small, (b * smoothing + j) * window * 4, window * 4);
            }
        }

        try (OnnxModel p = OnnxModel.load(ModelPackage.write(dir.resolve("plain"), plainManifest, plain), 1);
                OnnxModel m = OnnxModel.load(ModelPackage.write(dir.resolve("smooth"), manifest(rows), smoothed), 1)) {
            float[] each = p.score(small, n * smoothing);
            float[] mean = m.score(big, n);
            for (int b = 0; b < n; b++) {
                double expected = 0;
                for (int j = 0; j < smoothing; j++) {
                    expected += each[b * smoothing + j];
                }
                expected /= smoothing;
                assertThat((double) mean[b])
                        .as("window %d", b)
                        .isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
            }
        }
    }

    @Test
    void smoothingRefusesANetworkThatIsNotWholeRows() {
        assertThatThrownBy(() -> OnnxGraphWriter.autoencoder(LAYERS, null, 5, 3, "x", "y", Map.of(), Precision.FP32))
                .hasMessageContaining("not a whole number of rows of window 5");
    }

    private static ModelManifest manifest(int windowLength) {
        return new ModelManifest(
                "writer-test",
                "0.0.1",
                "anomaly",
                List.of("a", "b", "c", "d"),
                windowLength,
                1,
                new Scaler(new double[4], new double[] {1, 1, 1, 1}),
                1,
                "x",
                "y",
                "0".repeat(64),
                "");
    }

    @Test
    void writesOpset13WithLittleEndianRawInitializersAndMetadata() throws Exception {
        ModelProto model =
                ModelProto.parseFrom(OnnxGraphWriter.autoencoder(LAYERS, "windows", "score", Map.of("k", "v")));

        assertThat(model.getIrVersion()).isEqualTo(7);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(model.getMetadataProps(0).getKey()).isEqualTo("k");
        assertThat(model.getGraph().getNodeList())
                .extracting(NodeProto::getOpType)
                .containsExactly("Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Sub", "Mul", "ReduceMean");
        TensorProto w0 = model.getGraph().getInitializer(0);
        assertThat(w0.getDimsList()).containsExactly(6L, 12L);
        float first = ByteBuffer.wrap(w0.getRawData().toByteArray())
                .order(ByteOrder.LITTLE_ENDIAN)
                .getFloat();
        assertThat(first).isEqualTo(LAYERS.get(0).weights()[0]);
        assertThat(model.getGraph()
                        .getOutput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDimCount())
                .isEqualTo(1);
    }

    @Test
    void refusesLayersThatDoNotChain() {
        List<Dense> broken = List.of(random(12, 6, Activation.TANH), random(5, 12, Activation.IDENTITY));

        assertThatThrownBy(() -> OnnxGraphWriter.autoencoder(broken, "x", "y", Map.of()))
                .hasMessage("layer 1 takes 5 inputs but layer 0 gives 6");
    }

    @Test
    void refusesANetworkThatDoesNotReconstructItsInput() {
        List<Dense> narrow = List.of(random(12, 6, Activation.TANH), random(6, 10, Activation.IDENTITY));

        assertThatThrownBy(() -> OnnxGraphWriter.autoencoder(narrow, "x", "y", Map.of()))
                .hasMessageContaining("must reconstruct its 12 inputs but the last layer gives 10");
    }

    private static Dense random(int in, int out, Activation activation) {
        float[] w = new float[in * out];
        float[] b = new float[out];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) RANDOM.nextGaussian() * 0.5f;
        }
        for (int k = 0; k < b.length; k++) {
            b[k] = (float) RANDOM.nextGaussian() * 0.1f;
        }
        return new Dense(in, out, w, b, activation);
    }
}
