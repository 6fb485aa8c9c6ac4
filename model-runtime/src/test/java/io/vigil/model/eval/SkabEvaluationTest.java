package io.vigil.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkabEvaluationTest {

    @Test
    void evaluatesThreeExperimentsEndToEndThroughOnnxRuntimeInFp32AndInt8() {
        Path dir = SharedData.skab();
        List<String> progress = new ArrayList<>();
        var config = new SkabEvaluation.Config(
                10,
                new AutoencoderTrainer.Config(
                        List.of(32, 8, 32), 30, 64, 0.003, 42, 0.995, 1.0, List.of("motor_temp", "fluid_temp")),
                0.99,
                1.3,
                15,
                true);
        List<SkabData.Experiment> three = SkabData.load(dir).subList(0, 3);

        var result = new SkabEvaluation(config, progress::add).run(three);

        int testPoints = three.stream()
                .mapToInt(e -> e.rows().length - SkabEvaluation.TRAIN_ROWS)
                .sum();
        Confusion fp32 = result.fp32().confusion();
        assertThat(fp32.tp() + fp32.fp() + fp32.tn() + fp32.fn()).isEqualTo(testPoints);
        assertThat(fp32.tp()).as("anomalies found in valve1/0..2").isPositive();
        assertThat(fp32.precision()).as("flags mostly anomalies").isGreaterThan(0.5);
        assertThat(result.int8().confusion().f1()).isCloseTo(fp32.f1(), Assertions.within(0.05));
        assertThat(result.int8().modelBytes()).isLessThan(result.fp32().modelBytes());
        assertThat(progress).hasSize(3);
    }
}
