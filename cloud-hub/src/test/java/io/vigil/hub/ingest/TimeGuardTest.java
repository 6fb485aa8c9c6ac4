package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugMessage;
import io.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeGuardTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final TimeGuard guard = new TimeGuard(new MutableClock(NOW));

    private static SparkplugMessage data(Instant payload, List<Sample> samples, List<Score> scores) {
        return new SparkplugMessage(payload, 1, List.of(), Map.of(), new AssetData(samples, scores, List.of()), -1);
    }

    @Test
    void acceptsPlausibleTimesAndAPayloadWithoutTimestamp() {
        assertThat(guard.check(data(
                        NOW,
                        List.of(Sample.good("flow", NOW.minus(Duration.ofDays(400)), 1)),
                        List.of(new Score("ae", NOW.plus(Duration.ofHours(23)), 0.1)))))
                .isEmpty();
        assertThat(guard.check(data(Instant.EPOCH, List.of(), List.of()))).isEmpty();
    }

    @Test
    void refusesASampleBefore2000NamingIt() {
        assertThat(guard.check(
                        data(NOW, List.of(Sample.good("flow", Instant.parse("1999-12-31T23:59:59Z"), 1)), List.of())))
                .hasValueSatisfying(why -> assertThat(why).contains("'flow'").contains("before 2000"));
    }

    @Test
    void refusesAScoreMoreThanADayAhead() {
        assertThat(guard.check(data(NOW, List.of(), List.of(new Score("ae", NOW.plus(Duration.ofHours(25)), 0.1)))))
                .hasValueSatisfying(why -> assertThat(why).contains("'ae'").contains("future"));
    }
}
