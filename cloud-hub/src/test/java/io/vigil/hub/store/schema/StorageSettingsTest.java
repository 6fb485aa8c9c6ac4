package io.vigil.hub.store.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StorageSettingsTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void keepsEverythingByDefault() {
        assertThat(StorageSettings.DEFAULT.sampleCutoff(Instant.parse("2026-11-22T10:00:00Z")))
                .isEmpty();
    }

    @Test
    void cutsOffAtTheStartOfAUtcDay() {
        assertThat(StorageSettings.DEFAULT.withRetentionDays(3).sampleCutoff(Instant.parse("2026-11-22T23:59:59Z")))
                .contains(Instant.parse("2026-11-19T00:00:00Z"));
    }

    @Test
    void refusesRollupsKeptShorterThanWhatTheyAreBuiltFrom() {
        assertThatThrownBy(() -> new StorageSettings(30, 7, 0, 2, HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minuteRollupDays 7 must be 0 (forever) or at least retentionDays (30)");
        assertThatThrownBy(() -> new StorageSettings(0, 30, 0, 2, HOUR))
                .hasMessageContaining("minuteRollupDays 30 must be 0 (forever) or at least retentionDays (0, forever)");
        assertThatThrownBy(() -> new StorageSettings(30, 0, 90, 2, HOUR))
                .hasMessageContaining(
                        "hourRollupDays 90 must be 0 (forever) or at least minuteRollupDays (0, forever)");
        assertThat(new StorageSettings(30, 30, 0, 2, HOUR).minuteRollupDays()).isEqualTo(30);
        assertThatThrownBy(() -> new StorageSettings(-1, 0, 0, 2, HOUR)).hasMessageContaining("retentionDays -1");
        assertThatThrownBy(() -> new StorageSettings(0, 0, 0, 0, HOUR)).hasMessageContaining("daysAhead 0");
    }
}
