package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.modbus.LearnedLimits.Learned;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class RequestLimitTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    private Instant now = T0;

    private void quietReads(RequestLimit limit, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(limit.readSucceeded(now)).isFalse();
        }
    }

    @Test
    void aTimeoutHalvesAndTheLimitGrowsBackAfterQuietReadsAndTheWait() {
        var limit = new RequestLimit(Learned.PROTOCOL, now);
        assertThat(limit.refused(100, false, now)).isTrue();
        assertThat(limit.current()).isEqualTo(50);

        quietReads(limit, RequestLimit.PROBE_AFTER_POLLS); // enough reads, but not yet the wait
        now = now.plus(RequestLimit.FIRST_WAIT);
        assertThat(limit.readSucceeded(now)).isTrue();
        assertThat(limit.current()).isEqualTo(100);
        assertThat(limit.learned().limit())
                .as("not remembered before it went through")
                .isEqualTo(50);

        assertThat(limit.readSucceeded(now)).isFalse();
        assertThat(limit.learned()).isEqualTo(new Learned(100, 125));
    }

    @Test
    void aRefusedProbeRestoresTheLowerLimitAndDoublesTheWaitUpToADay() {
        var limit = new RequestLimit(Learned.PROTOCOL, now);
        limit.refused(64, false, now);
        Duration expected = RequestLimit.FIRST_WAIT;
        for (int probe = 0; probe < 12; probe++) {
            now = now.plus(expected).minusSeconds(1);
            quietReads(limit, RequestLimit.PROBE_AFTER_POLLS);
            now = now.plusSeconds(1);
            assertThat(limit.readSucceeded(now)).as("probe %d", probe).isTrue();
            assertThat(limit.current()).isEqualTo(64);

            assertThat(limit.refused(64, false, now)).isTrue();
            assertThat(limit.current()).isEqualTo(32);
            expected = expected.multipliedBy(2).compareTo(RequestLimit.LONGEST_WAIT) > 0
                    ? RequestLimit.LONGEST_WAIT
                    : expected.multipliedBy(2);
            assertThat(limit.waitBeforeProbe()).isEqualTo(expected);
        }
        assertThat(limit.waitBeforeProbe()).isEqualTo(RequestLimit.LONGEST_WAIT);
    }

    @Test
    void exception03MakesTheLimitACeilingThatIsNeverProbedAbove() {
        var limit = new RequestLimit(Learned.PROTOCOL, now);
        limit.refused(100, true, now);
        limit.refused(50, true, now);
        assertThat(limit.learned()).isEqualTo(new Learned(25, 25));

        now = now.plus(Duration.ofDays(30));
        quietReads(limit, 1000);
        assertThat(limit.current()).isEqualTo(25);
    }

    @Test
    void exception03OnAProbeKeepsTheLowerLimitForGood() {
        var limit = new RequestLimit(new Learned(30, 125), now);
        now = now.plus(RequestLimit.FIRST_WAIT);
        quietReads(limit, RequestLimit.PROBE_AFTER_POLLS - 1);
        assertThat(limit.readSucceeded(now)).isTrue();
        assertThat(limit.current()).isEqualTo(60);

        limit.refused(60, true, now);
        assertThat(limit.learned()).isEqualTo(new Learned(30, 30));
    }

    @Test
    void aProbeNeverGoesAboveTheCeilingAndAFailedReadRestartsTheCount() {
        var limit = new RequestLimit(new Learned(20, 30), now);
        now = now.plus(Duration.ofDays(1));
        quietReads(limit, RequestLimit.PROBE_AFTER_POLLS - 1);
        limit.readFailed();
        quietReads(limit, RequestLimit.PROBE_AFTER_POLLS - 1);
        assertThat(limit.readSucceeded(now)).isTrue();
        assertThat(limit.current()).isEqualTo(30);
    }

    @Test
    void aRequestLargerThanTheLimitAlreadyTeachesNothing() {
        var limit = new RequestLimit(new Learned(20, 125), now);
        assertThat(limit.refused(40, false, now)).isFalse();
        assertThat(limit.refused(1, true, now)).isFalse();
        assertThat(limit.learned()).isEqualTo(new Learned(20, 125));
    }
}
