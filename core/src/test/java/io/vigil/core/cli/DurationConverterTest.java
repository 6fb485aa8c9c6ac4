package io.vigil.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
    @Test
    void parsesShortAndIsoForms() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void namesTheAcceptedFormsOnError() {
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void rootCommandWithoutArgumentsPrintsUsageAndSucceeds() {
        assertThat(VigilCli.execute()).isEqualTo(ExitCodes.OK);
        assertThat(VigilCli.execute("--no-such-option")).isEqualTo(ExitCodes.USAGE);
    }
}
