package io.vigil.hub.store.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.store.rollup.RollupPlan.Range;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RollupPlanTest {
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private static Range range(String from, String to) {
        return new Range(Instant.parse(from), Instant.parse(to));
    }

    @Test
    void readsRawSamplesOnlyForAStepThatIsNotWholeMinutes() {
        var plan = RollupPlan.of(T, T.plus(Duration.ofDays(1)), Duration.ofSeconds(90), T.plus(Duration.ofDays(2)));

        assertThat(plan.rawOnly()).isTrue();
        assertThat(plan.raw()).containsExactly(new Range(T, T.plus(Duration.ofDays(1))));
    }

    @Test
    void readsHourRollupsInsideMinuteRollupsInsideRawEdges() {
        var plan = RollupPlan.of(
                Instant.parse("2026-11-20T10:00:13Z"),
                Instant.parse("2026-11-20T14:30:40Z"),
                Duration.ofHours(1),
                Instant.parse("2026-11-20T14:10:30Z"));

        assertThat(plan.hours()).containsExactly(range("2026-11-20T11:00:00Z", "2026-11-20T14:00:00Z"));
        assertThat(plan.minutes())
                .containsExactly(
                        range("2026-11-20T10:01:00Z", "2026-11-20T11:00:00Z"),
                        range("2026-11-20T14:00:00Z", "2026-11-20T14:10:00Z"));
        assertThat(plan.raw())
                .containsExactly(
                        range("2026-11-20T10:00:13Z", "2026-11-20T10:01:00Z"),
                        range("2026-11-20T14:10:00Z", "2026-11-20T14:30:40Z"));
    }

    @Test
    void coversTheQueryRangeExactlyOnce() {
        Instant from = Instant.parse("2026-11-20T09:59:59.5Z");
        Instant to = Instant.parse("2026-11-21T03:07:00Z");
        for (Duration step : List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(2))) {
            var plan = RollupPlan.of(from, to, step, Instant.parse("2026-11-21T01:00:00Z"));
            var all = new ArrayList<Range>();
            all.addAll(plan.raw());
            all.addAll(plan.minutes());
            all.addAll(plan.hours());
            all.sort((a, b) -> a.from().compareTo(b.from()));
            assertThat(all.get(0).from()).isEqualTo(from);
            assertThat(all.get(all.size() - 1).to()).isEqualTo(to);
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).from()).isEqualTo(all.get(i - 1).to());
            }
        }
    }

    @Test
    void readsRawSamplesWhenNothingIsRolledUpYet() {
        var plan = RollupPlan.of(T, T.plus(Duration.ofHours(1)), Duration.ofMinutes(1), T.plusSeconds(59));

        assertThat(plan.rawOnly()).isTrue();
    }

    @Test
    void subtractsHotRangesFromTheRangesToRoll() {
        assertThat(Rollups.subtract(
                        List.of(range("2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z")),
                        List.of(
                                range("2026-11-20T09:00:00Z", "2026-11-20T10:05:00Z"),
                                range("2026-11-20T10:20:00Z", "2026-11-20T10:21:00Z"))))
                .containsExactly(
                        range("2026-11-20T10:05:00Z", "2026-11-20T10:20:00Z"),
                        range("2026-11-20T10:21:00Z", "2026-11-20T11:00:00Z"));
    }

    @Test
    void splitsADirtyRangeIntoClosedMinutesAndAnOpenRest() {
        var closed = new ArrayList<Range>();
        var open = new ArrayList<Range>();

        Rollups.split(
                Instant.parse("2026-11-20T10:00:13Z"),
                Instant.parse("2026-11-20T10:05:10Z"),
                Instant.parse("2026-11-20T10:03:00Z"),
                closed,
                open);

        assertThat(closed).containsExactly(range("2026-11-20T10:00:00Z", "2026-11-20T10:03:00Z"));
        assertThat(open).containsExactly(range("2026-11-20T10:03:00Z", "2026-11-20T10:06:00Z"));
        assertThat(Rollups.merge(List.of(
                        range("2026-11-20T10:05:00Z", "2026-11-20T10:07:00Z"),
                        range("2026-11-20T10:00:00Z", "2026-11-20T10:02:00Z"),
                        range("2026-11-20T10:02:00Z", "2026-11-20T10:03:00Z"))))
                .containsExactly(
                        range("2026-11-20T10:00:00Z", "2026-11-20T10:03:00Z"),
                        range("2026-11-20T10:05:00Z", "2026-11-20T10:07:00Z"));
    }
}
