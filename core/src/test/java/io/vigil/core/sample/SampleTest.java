package io.vigil.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SampleTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void aTextSampleHasValueNanAndItsText() {
        var s = Sample.text("state", T0, "RUNNING", Quality.GOOD);

        assertThat(s.isText()).isTrue();
        assertThat(s.type()).isEqualTo(ValueType.STRING);
        assertThat(s.value()).isNaN();
        assertThat(Sample.good("flow", T0, 1).isText()).isFalse();
        assertThat(Sample.badText("state", T0).text()).isEmpty();
    }

    @Test
    void textWithANumberIsRejected() {
        assertThatThrownBy(() -> new Sample("state", T0, 1.0, Quality.GOOD, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state")
                .hasMessageContaining("value NaN");
    }

    @Test
    void textLongerThanTheLimitIsRejectedNamingTheLimit() {
        String text = "x".repeat(Sample.MAX_TEXT + 1);

        assertThatThrownBy(() -> Sample.text("state", T0, text, Quality.GOOD))
                .hasMessageContaining("1025 characters")
                .hasMessageContaining("1024");
        assertThat(Sample.text("state", T0, "x".repeat(Sample.MAX_TEXT), Quality.GOOD)
                        .text())
                .hasSize(1024);
    }

    @Test
    void textWithNulIsRejected() {
        assertThatThrownBy(() -> Sample.text("state", T0, "a\u0000b", Quality.GOOD))
                .hasMessageContaining("NUL");
    }
}
