package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class SeriesQueryTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void defaultsToTheLastHourWithAFiveSecondStep() {
        var q = SeriesQuery.parse("pump-1/flow", null, null, null, NOW);

        assertThat(q.asset()).isEqualTo("pump-1");
        assertThat(q.tag()).isEqualTo("flow");
        assertThat(q.score()).isFalse();
        assertThat(q.to()).isEqualTo(NOW);
        assertThat(q.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(q.step()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void choosesTheSmallestRoundStepWithinAThousandPoints() {
        assertThat(SeriesQuery.autoStep(Duration.ofSeconds(500))).isEqualTo(Duration.ofSeconds(1));
        assertThat(SeriesQuery.autoStep(Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(2));
        assertThat(SeriesQuery.autoStep(Duration.ofDays(30))).isEqualTo(Duration.ofHours(1));
        Duration decades = Duration.ofDays(365 * 30);
        Duration step = SeriesQuery.autoStep(decades);
        assertThat(decades.toMillis() / step.toMillis() + 1).isLessThanOrEqualTo(SeriesQuery.MAX_POINTS);
        assertThat(step.toHoursPart()).isZero();
    }

    @Test
    void parsesScoreSeriesShortAndIsoStepsAndOffsets() {
        var q = SeriesQuery.parse(
                "pump-1/score:pump-ae", "2026-06-01T13:00:00+02:00", "2026-06-01T11:10:00Z", "PT1M", NOW);

        assertThat(q.score()).isTrue();
        assertThat(q.tag()).isEqualTo("pump-ae");
        assertThat(q.tagParam()).isEqualTo("pump-1/score:pump-ae");
        assertThat(q.from()).isEqualTo(Instant.parse("2026-06-01T11:00:00Z"));
        assertThat(q.step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(SeriesQuery.parse("a/b", null, null, "10s", NOW).step()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesBadParametersNamingThem() {
        assertBad(() -> SeriesQuery.parse(null, null, null, null, NOW), "tag");
        assertBad(() -> SeriesQuery.parse("flow", null, null, null, NOW), "tag");
        assertBad(() -> SeriesQuery.parse("a/b", "nope", null, null, NOW), "from");
        assertBad(() -> SeriesQuery.parse("a/b", null, "2026-13-01T00:00:00Z", null, NOW), "to");
        assertBad(() -> SeriesQuery.parse("a/b", null, null, "fast", NOW), "step");
        assertBad(() -> SeriesQuery.parse("a/b", null, null, "1s", NOW), "step");
        assertBad(() -> SeriesQuery.parse("a/b", NOW.toString(), NOW.toString(), null, NOW), "from");
    }

    private static void assertBad(ThrowableAssert.ThrowingCallable call, String param) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("param.invalid");
                })
                .hasMessageStartingWith(param);
    }
}
