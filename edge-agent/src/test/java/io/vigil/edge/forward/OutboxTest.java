package io.vigil.edge.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class OutboxTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static List<Sample> samples(int from, int n) {
        var list = new ArrayList<Sample>();
        for (int i = from; i < from + n; i++) {
            list.add(Sample.good("flow", T0.plusSeconds(i), i));
        }
        return list;
    }

    @Test
    void keepsABatchUntilItIsAcknowledged() {
        var box = new Outbox(1000);
        box.addSamples("pump-1", samples(0, 3));
        box.addScore("pump-1", new Score("pump-ae", T0, 0.1));
        box.seal();

        var sent = box.takeUnsent(10);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).data().size()).isEqualTo(4);
        assertThat(box.takeUnsent(10)).isEmpty();
        assertThat(box.buffered()).isEqualTo(4);

        box.acked(sent.get(0));
        assertThat(box.buffered()).isZero();
        assertThat(box.acked()).isEqualTo(4);
    }

    @Test
    void resendsInflightBatchesInOrderAfterADisconnect() {
        var box = new Outbox(1000);
        for (int i = 0; i < 3; i++) {
            box.addSamples("pump-1", samples(i, 1));
            box.seal();
        }
        var first = box.takeUnsent(2);
        box.acked(first.get(0));
        box.requeueInflight();

        var again = box.takeUnsent(10);
        assertThat(again).extracting(b -> b.data().samples().get(0).value()).containsExactly(1.0, 2.0);
    }

    @Test
    void splitsLargeAccumulationsIntoSmallBatches() {
        var box = new Outbox(10_000);
        box.addSamples("pump-1", samples(0, 250));
        box.seal();

        assertThat(box.takeUnsent(10)).extracting(b -> b.data().size()).containsExactly(100, 100, 50);
    }

    @Test
    void dropsTheOldestUnsentBatchesWhenFullAndCountsThem() {
        var box = new Outbox(10);
        for (int i = 0; i < 4; i++) {
            box.addSamples("pump-1", samples(i * 4, 4));
            box.seal();
        }

        assertThat(box.buffered()).isLessThanOrEqualTo(10);
        assertThat(box.dropped()).isEqualTo(8);
        assertThat(box.takeUnsent(10).get(0).data().samples().get(0).value()).isEqualTo(8.0);
    }
}
