package io.vigil.edge.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.model.window.ReadyWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ModelScorerTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A model whose score is the mean of its standardized inputs: enough to drive the threshold logic exactly. */
    static final class MeanModel implements WindowModel {
        final ModelManifest manifest;
        final List<Integer> batches = new ArrayList<>();

        MeanModel(ModelManifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public ModelManifest manifest() {
            return manifest;
        }

        @Override
        public float[] score(float[] windows, int batch) {
            batches.add(batch);
            int n = manifest.featureCount();
            float[] out = new float[batch];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < n; i++) {
                    out[b] += windows[b * n + i] / n;
                }
            }
            return out;
        }

        @Override
        public void close() {}
    }

    static ModelManifest manifest() {
        return new ModelManifest(
                "pump-ae",
                "1.2.3",
                "anomaly",
                List.of("flow"),
                2,
                1,
                new Scaler(new double[] {10}, new double[] {2}),
                1.0,
                "in",
                "out",
                "0".repeat(64),
                "");
    }

    static ReadyWindow window(String asset, int second, double value) {
        return new ReadyWindow(asset, "pump-ae", T0.plusSeconds(second), new double[][] {{value}, {value}});
    }

    @Test
    void scoresAllWindowsInOneBatchWithStandardizedInputs() {
        var model = new MeanModel(manifest());
        var scorer = new ModelScorer(model);

        var result = scorer.score(List.of(window("pump-1", 1, 10), window("pump-2", 1, 12), window("pump-3", 1, 14)));

        assertThat(model.batches).containsExactly(3);
        assertThat(result).extracting(r -> r.score().value()).containsExactly(0.0, 1.0, 2.0);
        assertThat(result).extracting(ScoredWindow::asset).containsExactly("pump-1", "pump-2", "pump-3");
        assertThat(result.get(0).score().model()).isEqualTo("pump-ae");
        assertThat(result.get(0).score().time()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void raisesOneEventPerRisingEdgeAndReArmsBelowThreshold() {
        var scorer = new ModelScorer(new MeanModel(manifest()));
        // standardized value = (x - 10) / 2; threshold 1.0 -> x = 12 is at threshold (not above)
        double[] xs = {10, 14, 16, 12, 11, 15, 15};
        var events = new ArrayList<AnomalyEvent>();
        for (int i = 0; i < xs.length; i++) {
            scorer.score(List.of(window("pump-1", i, xs[i])))
                    .forEach(r -> r.event().ifPresent(events::add));
        }

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new AnomalyEvent("pump-ae@1.2.3", T0.plusSeconds(1), 2.0, 1.0));
        assertThat(events.get(1).time()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void keepsTheEdgeStatePerAsset() {
        var scorer = new ModelScorer(new MeanModel(manifest()));

        var first = scorer.score(List.of(window("pump-1", 0, 20), window("pump-2", 0, 20)));
        var second = scorer.score(List.of(window("pump-1", 1, 20), window("pump-2", 1, 0)));
        var third = scorer.score(List.of(window("pump-1", 2, 20), window("pump-2", 2, 20)));

        assertThat(first).allMatch(r -> r.event().isPresent());
        assertThat(second).noneMatch(r -> r.event().isPresent());
        assertThat(third.get(0).event()).isEmpty();
        assertThat(third.get(1).event()).isPresent();
    }
}
