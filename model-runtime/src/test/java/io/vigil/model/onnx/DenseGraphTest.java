package io.vigil.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseGraphTest {
    private static final WindowCentering CENTERING = new WindowCentering(3, 2, new boolean[] {false, true});

    @Test
    void readsTheLayersActivationsAndCenteringTheWriterPutIn() {
        List<Dense> layers = layers(1);
        byte[] onnx = OnnxGraphWriter.autoencoder(layers, CENTERING, "windows", "score", Map.of(), Precision.FP32);

        DenseGraph g = DenseGraph.read(onnx);

        assertThat(g.layers()).isEqualTo(layers);
        assertThat(g.sizes()).containsExactly(6, 4, 6);
        assertThat(g.activations()).containsExactly(Activation.TANH, Activation.IDENTITY);
        assertThat(g.centering()).hasValueSatisfying(c -> {
            assertThat(c.windowLength()).isEqualTo(3);
            assertThat(c.centered()).containsExactly(false, true);
        });
    }

    @Test
    void writesNewWeightsIntoTheSameGraphAndKeepsEverythingElse() {
        byte[] onnx = OnnxGraphWriter.autoencoder(layers(1), CENTERING, "windows", "score", Map.of(), Precision.FP32);
        DenseGraph next = DenseGraph.read(onnx)
                .withWeights(DenseGraph.read(onnx(layers(2))).flatWeights());

        byte[] rewritten = next.writeInto(onnx);

        assertThat(DenseGraph.read(rewritten).layers()).isEqualTo(layers(2));
        assertThat(DenseGraph.read(rewritten).centering())
                .isEqualTo(DenseGraph.read(onnx).centering());
        assertThat(rewritten).isNotEqualTo(onnx).hasSameSizeAs(onnx);
    }

    @Test
    void laysTheFlatWeightsOutAsTheFederatedNetworkDoes() {
        List<Dense> layers = layers(3);
        var net = new io.vigil.model.train.LocalNetwork(
                new int[] {6, 4, 6}, List.of(Activation.TANH, Activation.IDENTITY), 1, 5);
        float[] flat = DenseGraph.read(onnx(layers)).flatWeights();

        net.setParameters(flat);

        assertThat(net.layers()).isEqualTo(layers);
    }

    @Test
    void refusesAnInt8GraphNamingTheInitializer() {
        byte[] int8 = OnnxGraphWriter.autoencoder(layers(1), null, "windows", "score", Map.of(), Precision.INT8);

        assertThatThrownBy(() -> DenseGraph.read(int8))
                .hasMessageContaining("int8")
                .hasMessageContaining("dense0_wq");
    }

    @Test
    void refusesWeightsOfAnotherLength() {
        DenseGraph g = DenseGraph.read(onnx(layers(1)));

        assertThatThrownBy(() -> g.withWeights(new float[3]))
                .hasMessageContaining("3 weights")
                .hasMessageContaining("58");
    }

    private static byte[] onnx(List<Dense> layers) {
        return OnnxGraphWriter.autoencoder(layers, "windows", "score", Map.of());
    }

    private static List<Dense> layers(long seed) {
        var r = new SplittableRandom(seed);
        return List.of(
                new Dense(6, 4, floats(r, 24), floats(r, 4), Activation.TANH),
                new Dense(4, 6, floats(r, 24), floats(r, 6), Activation.IDENTITY));
    }

    private static float[] floats(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }
}
