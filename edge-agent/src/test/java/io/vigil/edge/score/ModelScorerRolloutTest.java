package io.vigil.edge.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.edge.drift.DriftPolicy;
import io.vigil.edge.rollout.RolloutDecision;
import io.vigil.edge.rollout.RolloutPolicy;
import io.vigil.edge.rollout.RolloutStage;
import io.vigil.model.window.ReadyWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ModelScorerRolloutTest {
    static final List<String> ASSETS =
            IntStream.range(0, 20).mapToObj(i -> "pump-" + i).toList();
    // 10 windows per stage, any latency (timings are real here; the latency rule is covered by RolloutTest)
    static final RolloutPolicy POLICY = new RolloutPolicy(0.05, 10, Duration.ZERO, 0.995, 0.005, 1e6);

    /** Scores mean + offset, so the test can tell which version produced a published score. */
    static final class Offset extends ModelSlotTest.Version {
        final float offset;

        Offset(String version, float offset) {
            super(ModelSlotTest.manifest(version, 2));
            this.offset = offset;
        }

        @Override
        public float[] score(float[] windows, int batch) {
            float[] out = super.score(windows, batch);
            for (int i = 0; i < batch; i++) {
                out[i] += offset;
            }
            return out;
        }
    }

    static List<ReadyWindow> batch(int n) {
        return ASSETS.stream().map(a -> ModelSlotTest.window(a, n)).toList();
    }

    final List<RolloutDecision> decisions = new ArrayList<>();

    ModelScorer scorer(ModelSlot slot) {
        return new ModelScorer(slot, Clock.systemUTC(), DriftPolicy.defaults(), e -> {}, decisions::add);
    }

    @Test
    void aCandidateThatAgreesGoesShadowCanaryPromotedAndEveryWindowIsPublishedOnce() {
        var serving = new Offset("1.0.0", 0f);
        var slot = new ModelSlot(serving, Clock.systemUTC(), e -> {});
        var scorer = scorer(slot);
        var candidate = new Offset("1.1.0", 0.25f);
        scorer.startRollout(candidate, ASSETS, POLICY);

        var shadow = scorer.score(batch(0));
        var canary = scorer.score(batch(1));
        var promoted = scorer.score(batch(2));

        assertThat(shadow).hasSize(20).allMatch(s -> s.score().value() == 1.5);
        assertThat(canary).hasSize(20);
        assertThat(canary.stream().filter(s -> s.score().value() == 1.75)).hasSize(1); // 5 % of 20 assets
        assertThat(promoted).hasSize(20).allMatch(s -> s.score().value() == 1.75);
        assertThat(decisions)
                .extracting(RolloutDecision::to)
                .containsExactly(RolloutStage.CANARY, RolloutStage.PROMOTED);
        assertThat(slot.manifest().version()).isEqualTo("1.1.0");
        assertThat(serving.closed).isTrue();
        assertThat(scorer.rolloutStage()).isEmpty();
    }

    @Test
    void aCandidateThatDisagreesIsRolledBackInShadowAndNeverPublished() {
        var serving = new Offset("1.0.0", -1f); // 0.5: below threshold 1.0
        var slot = new ModelSlot(serving, Clock.systemUTC(), e -> {});
        var scorer = scorer(slot);
        var candidate = new Offset("1.1.0", 0f); // 1.5: above threshold, disagrees everywhere
        scorer.startRollout(candidate, ASSETS, POLICY);

        var first = scorer.score(batch(0));
        var after = scorer.score(batch(1));

        assertThat(first).allMatch(s -> s.score().value() == 0.5 && s.event().isEmpty());
        assertThat(after).allMatch(s -> s.score().value() == 0.5);
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.from()).isEqualTo(RolloutStage.SHADOW);
            assertThat(d.to()).isEqualTo(RolloutStage.ROLLED_BACK);
            assertThat(d.agreement()).isZero();
        });
        assertThat(candidate.closed).isTrue();
        assertThat(slot.manifest().version()).isEqualTo("1.0.0");
    }
}
