package io.vigil.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.WindowEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AutoencoderTrainerTest {
    private static final List<String> TAGS =
            List.of("p_in", "p_out", "flow", "speed", "temp", "vib_x", "vib_y", "amps");

    @TempDir
    Path dir;

    @Test
    void learnsNormalDataAndScoresShiftedWindowsFarAboveThreshold() {
        List<Double> heard = new ArrayList<>();
        AutoencoderTrainer trainer =
                new AutoencoderTrainer(AutoencoderTrainer.Config.defaults(), (epoch, epochs, loss) -> heard.add(loss));
        long started = System.nanoTime();
        TrainedModel trained = trainer.fit(request(PumpData.normal(4000, 8, 1), 20));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(heard).hasSize(AutoencoderTrainer.Config.defaults().epochs()).isEqualTo(trained.epochLosses());
        assertThat(heard.get(heard.size() - 1)).isLessThan(heard.get(0) / 5);
        assertThat(seconds).as("training 4000 x 8 rows, window 20").isLessThan(20);

        ModelManifest m = trained.manifest();
        double[][] heldOut = PumpData.normal(1000, 8, 2);
        double[][] broken = PumpData.shifted(heldOut, m.scaler().scale(), 5, 1, 4);
        float[] normal = javaScores(trained, heldOut);
        float[] shifted = javaScores(trained, broken);
        Arrays.sort(normal);
        Arrays.sort(shifted);
        float normalP99 = normal[(int) (normal.length * 0.99)];
        assertThat(normalP99).isLessThan((float) m.threshold());
        assertThat(shifted[0]).as("lowest shifted score").isGreaterThan((float) m.threshold());
        assertThat(shifted[shifted.length / 2]).isGreaterThan(10 * normalP99);
    }

    @Test
    void trainWritesAPackageThatReadsBack() {
        ModelPackage written = new AutoencoderTrainer(
                        AutoencoderTrainer.Config.defaults().withEpochs(2))
                .train(request(PumpData.normal(300, 4, 5), 8), dir);

        assertThat(ModelPackage.read(dir)).isEqualTo(written);
        assertThat(written.manifest().featureCount()).isEqualTo(32);
        assertThat(written.manifest().stride()).isEqualTo(5);
    }

    @Test
    void sameSeedGivesByteIdenticalModel() {
        TrainRequest req = request(PumpData.normal(400, 3, 7), 5);
        AutoencoderTrainer trainer =
                new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withEpochs(3));
        TrainedModel first = trainer.fit(req);
        TrainedModel second = trainer.fit(req);
        TrainedModel otherSeed = new AutoencoderTrainer(
                        AutoencoderTrainer.Config.defaults().withEpochs(3).withSeed(43))
                .fit(req);

        assertThat(second.manifest().sha256()).isEqualTo(first.manifest().sha256());
        assertThat(second.manifest().threshold()).isEqualTo(first.manifest().threshold());
        assertThat(otherSeed.manifest().sha256()).isNotEqualTo(first.manifest().sha256());
    }

    @Test
    void thresholdIsMarginTimesQuantileOfTrainingScores() {
        TrainedModel trained = new AutoencoderTrainer(
                        AutoencoderTrainer.Config.defaults().withEpochs(2))
                .fit(request(PumpData.normal(1000, 3, 3), 10));
        float[] scores = trained.trainingScores();
        Arrays.sort(scores);
        int rank = (int) Math.ceil(0.995 * scores.length) - 1;

        assertThat(scores).hasSize(1000 - 10 + 1);
        assertThat(trained.manifest().threshold()).isEqualTo(1.5 * scores[rank]);
        assertThat(trained.manifest().training()).contains("p99.5").contains("991 windows");
    }

    @Test
    void scalerGivesConstantColumnScaleOne() {
        Scaler scaler = AutoencoderTrainer.fitScaler(new double[][] {{1, 5}, {3, 5}, {5, 5}});

        assertThat(scaler.mean()).containsExactly(3, 5);
        assertThat(scaler.scale()[0]).isCloseTo(Math.sqrt(8.0 / 3), Offset.offset(1e-12));
        assertThat(scaler.scale()[1]).isEqualTo(1.0);
    }

    @Test
    void requestRejectsRowOfWrongWidthNamingTheRow() {
        double[][] rows = PumpData.normal(50, 3, 1);
        rows[17] = new double[] {1, 2};

        assertThatThrownBy(() -> new TrainRequest("m", "1.0.0", List.of("a", "b", "c"), 5, 5, rows, ""))
                .hasMessageContaining("row 17 has 2 values")
                .hasMessageContaining("3 inputTags");
    }

    @Test
    void requestRejectsTooFewRows() {
        assertThatThrownBy(() -> new TrainRequest("m", "1.0.0", List.of("a"), 10, 1, new double[10][1], ""))
                .hasMessageContaining("10 rows are too few for windows of 10");
    }

    private static TrainRequest request(double[][] rows, int window) {
        return new TrainRequest(
                "pump-ae", "1.0.0", TAGS.subList(0, rows[0].length), window, 5, rows, "synthetic pump data");
    }

    /** Java forward pass over all windows of {@code rows}, encoded with the manifest's scaler. */
    private static float[] javaScores(TrainedModel trained, double[][] rows) {
        ModelManifest m = trained.manifest();
        int windows = rows.length - m.windowLength() + 1;
        float[] encoded = new float[windows * m.featureCount()];
        for (int k = 0; k < windows; k++) {
            WindowEncoder.encode(rows, k, m.windowLength(), m.scaler(), encoded, k * m.featureCount());
        }
        return trained.network().score(encoded, windows);
    }
}
