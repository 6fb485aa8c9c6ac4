package io.vigil.edge.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RolloutTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final RolloutPolicy policy = new RolloutPolicy(0.05, 100, Duration.ofMinutes(5), 0.995, 0.005, 1.05);

    Rollout rollout() {
        return new Rollout("pump-ae", "1.0.0", "1.1.0", policy, clock);
    }

    /** A batch of {@code n} windows where the candidate disagrees on the first {@code disagree}. */
    static List<WindowOutcome> batch(int n, int disagree) {
        return IntStream.range(0, n)
                .mapToObj(i -> WindowOutcome.unlabelled("pump-" + i, false, i < disagree))
                .toList();
    }

    static List<WindowOutcome> labelled(int n, int servingWrong, int candidateWrong) {
        return IntStream.range(0, n)
                .mapToObj(i -> new WindowOutcome("pump-" + i, i < servingWrong, i < candidateWrong, Optional.of(false)))
                .toList();
    }

    @Test
    void staysInShadowUntilBothTheWindowsAndTheTimeAreThere() {
        var r = rollout();
        assertThat(r.observe(batch(200, 0), 1000, 1000)).isEmpty(); // enough windows, too early
        clock.set(T0.plus(Duration.ofMinutes(5)));
        assertThat(r.observe(batch(10, 0), 1000, 1000)).hasValueSatisfying(d -> {
            assertThat(d.from()).isEqualTo(RolloutStage.SHADOW);
            assertThat(d.to()).isEqualTo(RolloutStage.CANARY);
            assertThat(d.windows()).isEqualTo(210);
            assertThat(d.agreement()).isEqualTo(1.0);
            assertThat(d.time()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        });
        assertThat(r.stage()).isEqualTo(RolloutStage.CANARY);
    }

    @Test
    void goesFromShadowToCanaryToPromotedWhenItAgreesAndIsAsFast() {
        var r = rollout();
        var decisions = new ArrayList<RolloutDecision>();
        for (int step = 1; step <= 2; step++) {
            clock.set(T0.plus(Duration.ofMinutes(5L * step)));
            r.observe(batch(1000, 4), 10_000, 10_400).ifPresent(decisions::add); // 99.6 % agreement, +4 % latency
        }
        assertThat(decisions)
                .extracting(RolloutDecision::to)
                .containsExactly(RolloutStage.CANARY, RolloutStage.PROMOTED);
        assertThat(decisions.get(1).reason()).startsWith("rule holds").contains("0.9960");
        assertThat(r.observe(batch(1000, 0), 1, 1)).isEmpty();
    }

    @Test
    void rollsBackInCanaryWhenAgreementRegresses() {
        var r = rollout();
        clock.set(T0.plus(Duration.ofMinutes(5)));
        r.observe(batch(1000, 0), 10_000, 10_000);
        clock.set(T0.plus(Duration.ofMinutes(10)));

        var d = r.observe(batch(1000, 6), 10_000, 10_000).orElseThrow(); // 99.4 % < 99.5 %

        assertThat(d.from()).isEqualTo(RolloutStage.CANARY);
        assertThat(d.to()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(d.agreement()).isEqualTo(0.994);
        assertThat(d.reason()).startsWith("rule fails").contains("agreement");
    }

    @Test
    void rollsBackWhenLatencyP99IsMoreThanFivePercentWorse() {
        var r = rollout();
        clock.set(T0.plus(Duration.ofMinutes(5)));

        var d = r.observe(batch(1000, 0), 10_000, 10_600).orElseThrow();

        assertThat(d.to()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(d.servingP99Micros()).isEqualTo(0.01);
        assertThat(d.candidateP99Micros()).isCloseTo(0.0106, Offset.offset(1e-9));
        assertThat(d.reason()).contains("ratio 1.060");
    }

    @Test
    void withLabelsItNeedsHalfAPercentMoreAccuracyThanTheServingVersion() {
        var better = rollout();
        clock.set(T0.plus(Duration.ofMinutes(5)));
        // serving wrong on 20 of 1000, candidate on 15: +0.5 percentage points
        assertThat(better.observe(labelled(1000, 20, 15), 1000, 1000)).hasValueSatisfying(d -> {
            assertThat(d.to()).isEqualTo(RolloutStage.CANARY);
            assertThat(d.labelled()).isEqualTo(1000);
            assertThat(d.candidateAccuracy() - d.servingAccuracy()).isCloseTo(0.005, Offset.offset(1e-9));
        });

        var same = rollout();
        clock.set(T0.plus(Duration.ofMinutes(10)));
        assertThat(same.observe(labelled(1000, 20, 18), 1000, 1000))
                .hasValueSatisfying(d -> assertThat(d.to()).isEqualTo(RolloutStage.ROLLED_BACK));
    }

    @Test
    void aCandidateThatFailsToScoreIsRolledBackAtOnce() {
        var r = rollout();
        var d = r.failed("output score has 3 values for 4").orElseThrow();
        assertThat(d.to()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(d.reason()).contains("3 values for 4");
        assertThat(r.failed("again")).isEmpty();
    }

    @Test
    void aDecisionIsOneJsonObjectWithItsFigures() {
        var r = rollout();
        clock.set(T0.plus(Duration.ofMinutes(5)));
        String json = r.observe(batch(100, 0), 1000, 1000).orElseThrow().toJson();
        assertThat(json)
                .startsWith("{")
                .contains("\"model\":\"pump-ae\"", "\"candidate\":\"1.1.0\"", "\"to\":\"CANARY\"", "\"windows\":100")
                .contains("\"time\":\"2026-01-01T00:05:00Z\"");
    }

    @Test
    void aHubOrderMovesTheStageAtOnceWithTheFiguresSoFarAndNeverBackwards() {
        var r = rollout();
        r.observe(batch(10, 1), 1000, 1000);

        var canary = r.force(RolloutStage.CANARY, "set to canary").orElseThrow();

        assertThat(canary.from()).isEqualTo(RolloutStage.SHADOW);
        assertThat(canary.to()).isEqualTo(RolloutStage.CANARY);
        assertThat(canary.windows()).isEqualTo(10);
        assertThat(canary.agreement()).isEqualTo(0.9);
        assertThat(canary.reason()).startsWith("ordered by the hub: ");
        assertThat(r.force(RolloutStage.CANARY, "again")).isEmpty();
        assertThat(r.force(RolloutStage.SHADOW, "back")).isEmpty();
        assertThat(r.force(RolloutStage.ROLLED_BACK, "stop").orElseThrow().to()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(r.force(RolloutStage.PROMOTED, "too late")).isEmpty();
    }
}
