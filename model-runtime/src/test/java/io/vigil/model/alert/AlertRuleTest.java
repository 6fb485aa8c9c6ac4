package io.vigil.model.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRuleTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ModelManifest MANIFEST = new ModelManifest(
            "pump-ae",
            "1.0.0",
            "anomaly",
            List.of("flow"),
            2,
            1,
            new Scaler(new double[] {0}, new double[] {1}),
            1.0,
            "in",
            "out",
            "a".repeat(64),
            "");

    @Test
    void raisesOneEventPerRunAboveTheThresholdPerAsset() {
        var rule = new AlertRule();
        double[] scores = {0.5, 1.5, 2.0, 1.0, 3.0};
        int events = 0;
        for (int i = 0; i < scores.length; i++) {
            if (rule.observe(MANIFEST, "pump1", T0.plusSeconds(i), scores[i]).isPresent()) {
                events++;
            }
        }
        assertThat(events)
                .as("1.5 rises, 2.0 stays up, 1.0 re-arms (not above), 3.0 rises")
                .isEqualTo(2);
        assertThat(rule.observe(MANIFEST, "pump2", T0, 1.5))
                .as("assets are independent")
                .isPresent();
    }

    @Test
    void aScoreEqualToTheThresholdIsNotAnAnomaly() {
        assertThat(AlertRule.above(1.0, 1.0)).isFalse();
        assertThat(AlertRule.above(Math.nextUp(1.0), 1.0)).isTrue();
    }

    @Test
    void reportsANonFiniteGraphOutputAsTheLargestScore() {
        assertThat(AlertRule.reported(Float.NaN)).isEqualTo(Double.MAX_VALUE);
        assertThat(AlertRule.reported(0.25f)).isEqualTo(0.25);
    }
}
