package io.vigil.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmsTest {
    static final ModelManifest MANIFEST = new ModelManifest(
            "m",
            "1.0.0",
            "anomaly",
            List.of("x"),
            1,
            1,
            new Scaler(new double[] {0}, new double[] {1}),
            1.0,
            "in",
            "out",
            "a".repeat(64),
            "");

    @Test
    void countsEventsInTheTestPartAgainstLabelledAnomalies() {
        //                row: 0  1  2  3  4  5  6  7  8  9
        float[] scores = {2, 0, 0, 2, 2, 0, 2, 0, 0, 0};
        boolean[] labels = {false, false, false, false, true, true, false, false, true, true};

        Alarms a = Alarms.count(MANIFEST, scores, 0, 2, labels);

        assertThat(a.events())
                .as("rises at rows 3 and 6; the rise at row 0 is in the training part")
                .isEqualTo(2);
        assertThat(a.falseEvents()).as("both rises are on normal rows").isEqualTo(2);
        assertThat(a.anomalies()).isEqualTo(2);
        assertThat(a.detected())
                .as("in alarm during rows 4-5, never during 8-9")
                .isEqualTo(1);
    }
}
