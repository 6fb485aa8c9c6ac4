package io.vigil.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelLoadException;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.PumpData;
import io.vigil.model.train.TrainRequest;
import io.vigil.model.train.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnnxModelTest {
    private static final int TAGS = 4;
    private static final int WINDOW = 10;
    private static final int FEATURES = TAGS * WINDOW;

    @TempDir
    static Path root;

    private static TrainedModel trained;
    private static OnnxModel model;

    @BeforeAll
    static void trainAndLoad() {
        TrainRequest req = new TrainRequest(
                "pump-ae", "1.0.0", List.of("a", "b", "c", "d"), WINDOW, 5, PumpData.normal(600, TAGS, 11), "test");
        trained = new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withEpochs(5)).fit(req);
        ModelPackage pkg = ModelPackage.write(root.resolve("good"), trained.manifest(), trained.onnx());
        model = OnnxModel.load(ModelPackage.read(pkg.dir()), 1);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void scoresEqualJavaForwardPassForRandomWindows() {
        float[] windows = gaussian(32 * FEATURES, 1);

        float[] ort = model.score(windows, 32);
        float[] java = trained.network().score(windows, 32);

        assertThat(ort).hasSize(32);
        for (int k = 0; k < 32; k++) {
            assertThat(ort[k]).as("window %d", k).isCloseTo(java[k], within(1e-4f));
        }
    }

    @Test
    void batchOfOneAndOfSixtyFourGiveIdenticalScores() {
        float[] windows = gaussian(64 * FEATURES, 2);

        float[] batched = model.score(windows, 64);

        for (int k = 0; k < 64; k++) {
            float[] one = new float[FEATURES];
            System.arraycopy(windows, k * FEATURES, one, 0, FEATURES);
            assertThat(model.score(one, 1)[0]).as("window %d", k).isEqualTo(batched[k]);
        }
    }

    @Test
    void scoresFromManyThreadsAtOnce() throws Exception {
        float[] windows = gaussian(16 * FEATURES, 3);
        float[] expected = model.score(windows, 16);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
                results.add(pool.submit(() -> model.score(windows, 16)));
            }
            for (Future<float[]> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsManifestWhoseWindowLengthDisagreesWithGraph() {
        ModelPackage pkg = repackaged("long-window", withWindowLength(trained.manifest(), 12), trained.onnx());

        assertThatThrownBy(() -> OnnxModel.load(pkg, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("windowLength x inputTags (feature count) is 12 x 4 = 48 in the manifest")
                .hasMessageContaining("but 40 in the graph");
    }

    @Test
    void rejectsManifestWhoseOutputNameIsNotInGraph() {
        ModelManifest m = trained.manifest();
        ModelManifest renamed = new ModelManifest(
                m.id(),
                m.version(),
                m.kind(),
                m.inputTags(),
                m.windowLength(),
                m.stride(),
                m.scaler(),
                m.threshold(),
                m.inputName(),
                "anomaly_score",
                m.sha256(),
                m.training());
        ModelPackage pkg = repackaged("renamed", renamed, trained.onnx());

        assertThatThrownBy(() -> OnnxModel.load(pkg, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("outputName is anomaly_score in the manifest but [score] in the graph");
    }

    @Test
    void rejectsCorruptGraphWhoseSha256Matches() {
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        ModelPackage pkg = repackaged("corrupt", trained.manifest(), noise);

        assertThatThrownBy(() -> OnnxModel.load(pkg, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(pkg.onnxFile() + " (model pump-ae@1.0.0) is not a loadable ONNX graph");
    }

    @Test
    void rejectsTooFewFloatsForTheBatch() {
        assertThatThrownBy(() -> model.score(new float[FEATURES * 2 - 1], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch 2 needs 80 floats but 79 were given");
    }

    @Test
    void refusesToScoreAfterClose() {
        OnnxModel another = OnnxModel.load(ModelPackage.read(root.resolve("good")), 1);
        another.close();

        assertThatThrownBy(() -> another.score(new float[FEATURES], 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static ModelPackage repackaged(String name, ModelManifest manifest, byte[] onnx) {
        ModelPackage.write(root.resolve(name), manifest, onnx);
        return ModelPackage.read(root.resolve(name));
    }

    private static ModelManifest withWindowLength(ModelManifest m, int windowLength) {
        return new ModelManifest(
                m.id(),
                m.version(),
                m.kind(),
                m.inputTags(),
                windowLength,
                m.stride(),
                m.scaler(),
                m.threshold(),
                m.inputName(),
                m.outputName(),
                m.sha256(),
                m.training());
    }

    private static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) random.nextGaussian();
        }
        return values;
    }
}
