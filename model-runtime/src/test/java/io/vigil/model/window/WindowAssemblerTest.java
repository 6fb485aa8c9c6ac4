package io.vigil.model.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.core.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WindowAssemblerTest {
    static final Duration INTERVAL = Duration.ofMillis(500);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static ModelManifest manifest(int windowLength, int stride) {
        return new ModelManifest(
                "pump-ae",
                "1.0.0",
                "anomaly",
                List.of("flow", "pressure"),
                windowLength,
                stride,
                new Scaler(new double[] {0, 0}, new double[] {1, 1}),
                1.0,
                "in",
                "out",
                "0".repeat(64),
                "");
    }

    @Test
    void firstWindowWhenRingIsFullThenEveryStrideRows() {
        var a = new WindowAssembler("pump-1", manifest(4, 2), INTERVAL);
        int ready = 0;
        StringBuilder when = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            Instant now = T0.plus(INTERVAL.multipliedBy(i));
            a.accept(List.of(Sample.good("flow", now, i), Sample.good("pressure", now, 10 + i)));
            Optional<ReadyWindow> w = a.tick(now);
            if (w.isPresent()) {
                ready++;
                when.append(i).append(' ');
                assertThat(w.get().rows()).hasDimensions(4, 2);
                assertThat(w.get().rows()[3]).containsExactly(i, 10 + i);
                assertThat(w.get().rows()[0]).containsExactly(i - 3, 10 + i - 3);
                assertThat(w.get().time()).isEqualTo(now);
            }
        }
        assertThat(when.toString()).isEqualTo("3 5 7 9 ");
        assertThat(ready).isEqualTo(4);
        assertThat(a.rows()).isEqualTo(10);
    }

    @Test
    void holdsTheLatestValueBetweenReads() {
        var a = new WindowAssembler("pump-1", manifest(2, 1), INTERVAL);
        a.accept(List.of(Sample.good("flow", T0, 1), Sample.good("pressure", T0, 2)));

        assertThat(a.tick(T0.plusMillis(500))).isEmpty();
        var w = a.tick(T0.plusMillis(1000));

        assertThat(w).isPresent();
        assertThat(w.get().rows()[0]).containsExactly(1, 2);
        assertThat(w.get().rows()[1]).containsExactly(1, 2);
    }

    @Test
    void skipsRowsWithBadMissingOrStaleInputs() {
        var a = new WindowAssembler("pump-1", manifest(2, 1), INTERVAL);
        a.accept(List.of(Sample.good("flow", T0, 1)));
        assertThat(a.tick(T0)).isEmpty(); // pressure missing

        a.accept(List.of(Sample.bad("pressure", T0)));
        assertThat(a.tick(T0)).isEmpty(); // pressure BAD

        a.accept(List.of(Sample.good("pressure", T0, 2)));
        assertThat(a.tick(T0.plusMillis(1500))).isEmpty(); // exactly 3 intervals old: still used, 1 row
        assertThat(a.tick(T0.plusMillis(1501))).isEmpty(); // older than 3 intervals: skipped

        assertThat(a.skippedRows()).isEqualTo(3);
        assertThat(a.rows()).isEqualTo(1);
    }

    @Test
    void ignoresOutOfOrderAndForeignSamples() {
        var a = new WindowAssembler("pump-1", manifest(1, 1), INTERVAL);
        a.accept(List.of(
                Sample.good("flow", T0.plusMillis(100), 5),
                Sample.good("pressure", T0, 6),
                Sample.good("vibration", T0, 99)));
        a.accept(List.of(Sample.good("flow", T0, 1)));

        assertThat(a.tick(T0.plusMillis(100)).orElseThrow().rows()[0]).containsExactly(5, 6);
    }
}
