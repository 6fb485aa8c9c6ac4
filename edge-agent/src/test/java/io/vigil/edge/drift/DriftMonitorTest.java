package io.vigil.edge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.core.model.Distribution;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Reference;
import io.vigil.core.model.Scaler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DriftMonitorTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final List<String> TAGS = List.of("flow", "pressure", "temperature");

    final SplittableRandom random = new SplittableRandom(7);

    /** Training rows: flow ~ N(30, 2), pressure ~ N(1, 0.1), temperature constant 60; score ~ U(0, 1). */
    double[] row(double flowShift, double pressureScale) {
        return new double[] {30 + flowShift + 2 * gaussian(), 1 + 0.1 * pressureScale * gaussian(), 60};
    }

    double gaussian() {
        // Box-Muller from the seeded generator, so every run sees the same data
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    ModelManifest manifest() {
        int n = 20_000;
        double[][] rows = new double[n][];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            rows[i] = row(0, 1);
            scores[i] = (float) random.nextDouble();
        }
        return new ModelManifest(
                        "pump-ae",
                        "1.0.0",
                        "anomaly",
                        TAGS,
                        4,
                        1,
                        new Scaler(new double[] {30, 1, 60}, new double[] {2, 0.1, 1}),
                        1.0,
                        "in",
                        "out",
                        "0".repeat(64),
                        "")
                .withReference(Reference.fit(TAGS, rows, scores));
    }

    List<DriftEvent> feed(DriftMonitor monitor, int count, double flowShift, double pressureScale, double scoreShift) {
        var events = new ArrayList<DriftEvent>();
        for (int i = 0; i < count; i++) {
            monitor.observe(row(flowShift, pressureScale), random.nextDouble() + scoreShift)
                    .ifPresent(events::add);
        }
        return events;
    }

    @Test
    void staysQuietOnDataFromTheTrainingDistribution() {
        var monitor = new DriftMonitor(manifest(), "pump-1", DriftPolicy.defaults(), CLOCK);

        assertThat(feed(monitor, 5000, 0, 1, 0)).isEmpty();
        assertThat(monitor.lastCheck()).hasSize(4).allSatisfy(f -> {
            assertThat(f.psi()).isLessThan(0.05);
            assertThat(f.ks()).isLessThan(0.06);
        });
    }

    @Test
    void namesTheFeatureWhoseMeanShiftedAndRaisesOneEvent() {
        var monitor = new DriftMonitor(manifest(), "pump-1", DriftPolicy.defaults(), CLOCK);
        feed(monitor, 1000, 0, 1, 0);

        var events = feed(monitor, 3000, 3, 1, 0); // flow +1.5 sigma

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.moved()).containsExactly("flow");
            assertThat(e.asset()).isEqualTo("pump-1");
            assertThat(e.model()).isEqualTo("pump-ae@1.0.0");
            var flow = e.figures().get(0);
            assertThat(flow.psi()).isGreaterThan(0.25);
            assertThat(flow.ks()).isGreaterThan(0.2);
        });
        assertThat(events.get(0).toJson()).contains("\"moved\":[\"flow\"]");
    }

    @Test
    void detectsAWiderSpreadAndAShiftedScoreAndReArmsAfterRecovery() {
        var monitor = new DriftMonitor(manifest(), "pump-1", DriftPolicy.defaults(), CLOCK);

        var wide = feed(monitor, 2000, 0, 3, 0.5); // pressure 3x spread, scores +0.5
        var recovered = feed(monitor, 2000, 0, 1, 0);
        var afterRecovery = monitor.lastCheck();
        var again = feed(monitor, 2000, 0, 3, 0);

        assertThat(wide).isNotEmpty();
        assertThat(wide.get(wide.size() - 1).moved()).containsExactly("pressure", "score");
        assertThat(recovered).isEmpty();
        assertThat(afterRecovery).noneMatch(FeatureDrift::moved);
        assertThat(again).extracting(DriftEvent::moved).containsExactly(List.of("pressure"));
    }

    @Test
    void psiAndKsOfTheReferenceItselfAreZeroAndOfADisjointSampleAreLarge() {
        var ref = new Distribution("x", new double[] {0, 1, 2, 3, 4});
        double[] same = {0.5, 1.5, 2.5, 3.5};
        double[] above = {10, 11, 12, 13};
        double[] constant = {7, 7, 7};
        var constantRef = new Distribution("c", new double[] {7, 7, 7});

        assertThat(Divergence.psi(ref, same, 4)).isCloseTo(0, within(1e-12));
        assertThat(Divergence.ks(ref, same, 4)).isCloseTo(0.125, within(1e-12));
        assertThat(Divergence.psi(ref, above, 4)).isGreaterThan(5);
        assertThat(Divergence.ks(ref, above, 4)).isEqualTo(1.0);
        assertThat(Divergence.psi(constantRef, constant, 3)).isCloseTo(0, within(1e-12));
        assertThat(Divergence.ks(constantRef, constant, 3)).isCloseTo(0, within(1e-12));
        assertThat(Optional.of(DriftMonitor.supports(manifest()))).contains(true);
    }
}
