package io.vigil.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.onnx.Dense;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegressorTrainerTest {
    private static final int WINDOW = 6;
    private static final int TAGS = 2;

    @TempDir
    Path dir;

    @Test
    void learnsASlopeFromWindowSummariesAndOnnxRuntimeMatchesTheJavaForwardPass() {
        Random random = new Random(3);
        int rows = 600;
        float[] windows = new float[rows * WINDOW * TAGS];
        float[] targets = new float[rows];
        for (int r = 0; r < rows; r++) {
            float slope = (float) random.nextGaussian();
            for (int t = 0; t < WINDOW; t++) {
                windows[(r * WINDOW + t) * TAGS] = slope * t + (float) random.nextGaussian() * 0.05f;
                windows[(r * WINDOW + t) * TAGS + 1] = (float) random.nextGaussian();
            }
            targets[r] = slope;
        }
        LinearMap summary = LinearMap.windowSummary(WINDOW, TAGS, 2).standardizedOn(windows, rows);
        var config = new RegressorTrainer.Config(List.of(16), 40, 32, 0.01, 2, 7, 2);

        Regressor trained =
                new RegressorTrainer(config, TrainingListener.NONE).fit(summary.applyAll(windows, rows), targets, 6);
        List<List<Dense>> folded = new ArrayList<>();
        for (List<Dense> m : trained.members()) {
            List<Dense> layers = new ArrayList<>(m);
            layers.set(0, summary.foldInto(layers.get(0)));
            folded.add(layers);
        }
        Regressor served = new Regressor(folded);

        float[] java = served.predict(windows, 32);
        float[] onFeatures = trained.predict(summary.applyAll(windows, 32), 32);
        float[] ort = onnx(served, windows);
        for (int k = 0; k < 32; k++) {
            assertThat(java[k]).as("folded window %d", k).isCloseTo(onFeatures[k], within(1e-3f));
            assertThat(ort[k]).as("ONNX Runtime window %d", k).isCloseTo(java[k], within(1e-4f));
            assertThat(java[k]).as("prediction of window %d", k).isCloseTo(targets[k], within(0.25f));
        }
    }

    private float[] onnx(Regressor served, float[] windows) {
        byte[] bytes = OnnxGraphWriter.regressor(served.members(), "windows", "rul", Map.of(), Precision.FP32);
        ModelManifest manifest = new ModelManifest(
                "rul-test",
                "0.0.1",
                "rul",
                List.of("a", "b"),
                WINDOW,
                1,
                new Scaler(new double[2], new double[] {1, 1}),
                0,
                "windows",
                "rul",
                "0".repeat(64),
                "");
        try (OnnxModel model = OnnxModel.load(ModelPackage.write(dir, manifest, bytes), 1)) {
            return model.score(windows, 32);
        }
    }
}
