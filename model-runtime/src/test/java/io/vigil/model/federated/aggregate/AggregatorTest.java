package io.vigil.model.federated.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {
    private static Contribution c(String id, double weight, float... x) {
        return new Contribution(id, x, weight);
    }

    private static List<Contribution> fourHonestAndOnePoisoned() {
        List<Contribution> list = new ArrayList<>();
        list.add(c("a", 1, 1.0f, 2.0f));
        list.add(c("b", 1, 1.1f, 2.1f));
        list.add(c("c", 1, 0.9f, 1.9f));
        list.add(c("d", 1, 1.05f, 2.05f));
        list.add(c("evil", 1, 100f, -200f));
        return list;
    }

    @Test
    void fedAvgWeighsBySampleCount() {
        float[] avg = new Aggregator.FedAvg().aggregate(List.of(c("a", 3, 1f), c("b", 1, 5f)));

        assertThat(avg[0]).isEqualTo(2f);
    }

    @Test
    void fedAvgIsMovedByOnePoisonedDeltaButTheRobustRulesAreNot() {
        List<Contribution> in = fourHonestAndOnePoisoned();

        float[] avg = new Aggregator.FedAvg().aggregate(in);
        float[] median = new Aggregator.Median().aggregate(in);
        float[] trimmed = new Aggregator.TrimmedMean(0.2).aggregate(in);
        float[] krum = new Aggregator.Krum(1).aggregate(in);

        assertThat(avg[0]).isGreaterThan(10f);
        for (float[] robust : List.of(median, trimmed, krum)) {
            assertThat(robust[0]).isBetween(0.9f, 1.1f);
            assertThat(robust[1]).isBetween(1.9f, 2.1f);
        }
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        float[] m =
                new Aggregator.Median().aggregate(List.of(c("a", 1, 1f), c("b", 1, 2f), c("c", 1, 4f), c("d", 1, 9f)));

        assertThat(m[0]).isEqualTo(3f);
    }

    @Test
    void parsesEveryNameAndRefusesAnUnknownOne() {
        assertThat(Aggregator.parse("fedavg")).isInstanceOf(Aggregator.FedAvg.class);
        assertThat(Aggregator.parse("median")).isInstanceOf(Aggregator.Median.class);
        assertThat(Aggregator.parse("trimmed:0.1")).isEqualTo(new Aggregator.TrimmedMean(0.1));
        assertThat(Aggregator.parse("krum:2")).isEqualTo(new Aggregator.Krum(2));
        assertThatThrownBy(() -> Aggregator.parse("mean")).hasMessageContaining("'mean'");
        assertThatThrownBy(() -> Aggregator.parse("trimmed:x")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> new Aggregator.TrimmedMean(0.5)).hasMessageContaining("share 0.5");
    }
}
