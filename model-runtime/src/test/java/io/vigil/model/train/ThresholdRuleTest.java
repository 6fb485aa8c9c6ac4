package io.vigil.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.model.Calibration;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
    @Test
    void thresholdIsTheMarginTimesTheNearestRankQuantile() {
        float[] scores = new float[100];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i + 1) / 100f;
        }
        Calibration c = new ThresholdRule(0.95, 2.0).calibrate(scores, 3);
        assertThat(c.quantileScore()).isCloseTo(0.95, within(1e-6));
        assertThat(c.threshold()).isCloseTo(1.9, within(1e-6));
        assertThat(c.windows()).isEqualTo(100);
        assertThat(c.smoothing()).isEqualTo(3);
        assertThat(c.pNormal(0.5)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void flatTrainingDataGetsAThresholdAboveZero() {
        Calibration c = new ThresholdRule(0.99, 1.3).calibrate(new float[50], 1);
        assertThat(c.threshold()).isEqualTo(Calibration.DEFAULT_FLOOR).isPositive();
    }

    @Test
    void refusesANonFiniteTrainingScoreNamingTheWindow() {
        assertThatThrownBy(() -> new ThresholdRule(0.99, 1.3).calibrate(new float[] {0.1f, Float.NaN}, 1))
                .hasMessageContaining("training window 1 scored NaN");
    }

    @Test
    void refusesAQuantileOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new ThresholdRule(1.5, 1.3)).hasMessageContaining("threshold quantile 1.5");
    }
}
