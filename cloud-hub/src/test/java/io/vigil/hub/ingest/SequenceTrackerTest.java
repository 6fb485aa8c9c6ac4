package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.ingest.SequenceTracker.Verdict;
import io.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SequenceTracker tracker = new SequenceTracker(clock);

    @Test
    void acceptsConsecutiveSequenceNumbersWrappingAt256() {
        tracker.birth("g/edge", 254);

        assertThat(tracker.next("g/edge", 255)).isEqualTo(Verdict.IN_ORDER);
        assertThat(tracker.next("g/edge", 0)).isEqualTo(Verdict.IN_ORDER);
        assertThat(tracker.next("g/edge", 1)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void reportsAGapThenFollowsTheNewNumber() {
        tracker.birth("g/edge", 0);

        assertThat(tracker.next("g/edge", 3)).isEqualTo(Verdict.GAP);
        assertThat(tracker.next("g/edge", 4)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void treatsARepeatedNumberAsARedeliveryNotAGap() {
        tracker.birth("g/edge", 0);
        tracker.next("g/edge", 1);

        assertThat(tracker.next("g/edge", 1)).isEqualTo(Verdict.REPEATED);
        assertThat(tracker.next("g/edge", 2)).isEqualTo(Verdict.IN_ORDER);
    }

    @Test
    void reportsDataFromANodeWithoutBirthOrAfterDeath() {
        assertThat(tracker.next("g/ghost", 5)).isEqualTo(Verdict.UNKNOWN_NODE);
        tracker.birth("g/edge", 0);
        tracker.death("g/edge");
        assertThat(tracker.next("g/edge", 1)).isEqualTo(Verdict.UNKNOWN_NODE);
    }

    @Test
    void asksForARebirthAtMostOncePerIntervalUntilTheNodeIsReborn() {
        assertThat(tracker.rebirthDue("g/edge")).isTrue();
        assertThat(tracker.rebirthDue("g/edge")).isFalse();

        clock.advance(SequenceTracker.REBIRTH_INTERVAL.plus(Duration.ofMillis(1)));
        assertThat(tracker.rebirthDue("g/edge")).isTrue();

        tracker.birth("g/edge", 0);
        assertThat(tracker.rebirthDue("g/edge")).isTrue();
    }
}
