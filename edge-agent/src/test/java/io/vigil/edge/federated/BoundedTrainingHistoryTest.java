package io.vigil.edge.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BoundedTrainingHistoryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));

    @Test
    void dropsTheOldestWindowOnceMoreThanTheBoundAreKept() {
        var history = new BoundedTrainingHistory(3, Duration.ofHours(1), clock);
        for (int i = 0; i < 5; i++) {
            history.record("pump-ae", new double[][] {{i}});
        }

        assertThat(history.windows("pump-ae")).extracting(w -> w[0][0]).containsExactly(2.0, 3.0, 4.0);
    }

    @Test
    void dropsWindowsOlderThanTheMaximumAgeWhenRead() {
        var history = new BoundedTrainingHistory(100, Duration.ofMinutes(10), clock);
        history.record("pump-ae", new double[][] {{1}});
        clock.advance(Duration.ofMinutes(6));
        history.record("pump-ae", new double[][] {{2}});
        clock.advance(Duration.ofMinutes(5));

        assertThat(history.windows("pump-ae")).extracting(w -> w[0][0]).containsExactly(2.0);
    }

    @Test
    void keepsACopySoTheCallerMayReuseItsRows() {
        var history = new BoundedTrainingHistory(10, Duration.ofHours(1), clock);
        double[][] rows = {{1, 2}};
        history.record("pump-ae", rows);
        rows[0][0] = 99;

        assertThat(history.windows("pump-ae").get(0)[0]).containsExactly(1, 2);
        assertThat(history.windows("other")).isEmpty();
    }

    @Test
    void refusesBoundsThatKeepNothingNamingTheField() {
        assertThatThrownBy(() -> new BoundedTrainingHistory(0, Duration.ofHours(1), clock))
                .hasMessageContaining("maxWindows 0");
        assertThatThrownBy(() -> new BoundedTrainingHistory(1, Duration.ZERO, clock))
                .hasMessageContaining("maxAge PT0S");
    }
}
