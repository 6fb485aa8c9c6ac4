package io.vigil.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.model.Scaler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WindowEncoderTest {
    private static final Scaler SCALER = new Scaler(new double[] {10, 100}, new double[] {2, 50});

    @Test
    void writesRowsOldestFirstTagsInOrderStandardized() {
        double[][] rows = {{10, 100}, {12, 150}, {8, 0}};
        float[] out = new float[8];

        WindowEncoder.encode(rows, SCALER, out, 2);

        assertThat(out).containsExactly(0, 0, 0, 0, 1, 1, -1, -2);
    }

    @Test
    void encodesAWindowOutOfALongerSeries() {
        double[][] series = {{10, 100}, {12, 150}, {8, 0}, {14, 200}};
        float[] whole = new float[8];
        float[] window = new float[4];

        WindowEncoder.encode(series, 0, 4, SCALER, whole, 0);
        WindowEncoder.encode(series, 2, 2, SCALER, window, 0);

        assertThat(window).containsExactly(-1, -2, 2, 2);
        assertThat(whole).endsWith(window);
    }

    @Test
    void refusesNonFiniteValueNamingRowAndTag() {
        double[][] rows = {{10, 100}, {Double.NaN, 100}};

        assertThatThrownBy(() -> WindowEncoder.encode(rows, SCALER, new float[4], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1 tag 0 is NaN");
    }

    @Test
    void refusesRowOfWrongWidth() {
        double[][] rows = {{10, 100}, {10}};

        assertThatThrownBy(() -> WindowEncoder.encode(rows, SCALER, new float[4], 0))
                .hasMessage("row 1 has 1 values but the scaler has 2 tags");
    }

    @Test
    void refusesOutputTooShort() {
        assertThatThrownBy(() -> WindowEncoder.encode(new double[][] {{1, 2}}, SCALER, new float[3], 2))
                .hasMessageContaining("does not fit in an output of 3");
    }
}
