package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatFilterTest {
    private static final Instant T = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void aValueSentAgainWithItsOldSourceTimestampIsDroppedAndCounted() {
        var filter = new RepeatFilter();
        var first = List.of(Sample.good("flow", T, 1), Sample.good("temp", T, 20));
        assertThat(filter.fresh("pump1", first)).isSameAs(first);

        var resubscribed = List.of(
                Sample.good("flow", T, 1), Sample.good("temp", T.plusMillis(100), 21), Sample.good("flow", T, 1));

        assertThat(filter.fresh("pump1", resubscribed)).containsExactly(Sample.good("temp", T.plusMillis(100), 21));
        assertThat(filter.repeats()).isEqualTo(2);
    }

    @Test
    void theSameTagOnAnotherAssetAndAnOlderTimestampAreData() {
        var filter = new RepeatFilter();
        filter.fresh("pump1", List.of(Sample.good("flow", T, 1)));

        assertThat(filter.fresh("pump2", List.of(Sample.good("flow", T, 1)))).hasSize(1);
        assertThat(filter.fresh("pump1", List.of(Sample.good("flow", T.minusSeconds(1), 1))))
                .hasSize(1);
        assertThat(filter.repeats()).isZero();
    }

    @Test
    void aReadDeliveredAgainAfterANewerOneIsStillARepeat() {
        var filter = new RepeatFilter();
        var t1 = List.of(Sample.good("flow", T, 1), Sample.good("temp", T, 20));
        var t2 = List.of(Sample.good("flow", T.plusMillis(100), 2), Sample.good("temp", T.plusMillis(100), 21));
        filter.fresh("pump2", t1);
        filter.fresh("pump2", t2);

        assertThat(filter.fresh("pump2", t1)).isEmpty();
        assertThat(filter.fresh("pump2", t2)).isEmpty();
        assertThat(filter.repeats()).isEqualTo(4);
    }

    @Test
    void twoSamplesOfATagInOneMillisecondAreOneRowAtTheHub() {
        var filter = new RepeatFilter();
        filter.fresh("pump1", List.of(Sample.good("flow", T.plusNanos(100_000), 1)));

        assertThat(filter.fresh("pump1", List.of(Sample.good("flow", T.plusNanos(900_000), 2))))
                .isEmpty();
        assertThat(filter.fresh("pump1", List.of(Sample.good("flow", T.plusMillis(1), 3))))
                .hasSize(1);
    }

    @Test
    void rememberAsManyTimestampsPerTagAsItPromises() {
        var filter = new RepeatFilter();
        for (int i = 0; i <= RepeatFilter.RECENT; i++) {
            filter.fresh("pump1", List.of(Sample.good("flow", T.plusMillis(i), i)));
        }

        assertThat(filter.fresh("pump1", List.of(Sample.good("flow", T.plusMillis(1), 1))))
                .as("the oldest of the last %s", RepeatFilter.RECENT)
                .isEmpty();
        assertThat(filter.fresh("pump1", List.of(Sample.good("flow", T, 0))))
                .as("forgotten: data again")
                .hasSize(1);
    }
}
