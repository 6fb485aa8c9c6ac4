package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.hub.store.write.Change;
import io.vigil.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SparkplugHostTest {
    private static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<SparkplugTopic> rebirths = new ArrayList<>();

    private SparkplugHost host(boolean checkSequence) {
        return new SparkplugHost(clock, new IngestMetrics(new SimpleMeterRegistry()), checkSequence);
    }

    private Change send(SparkplugHost h, String topic, long seq, Metric... metrics) throws Exception {
        var b = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .setTimestamp(Date.from(T0))
                .setSeq(seq);
        for (Metric m : metrics) {
            b.addMetric(m);
        }
        byte[] bytes = new SparkplugBPayloadEncoder().getBytes(b.createPayload(), false);
        return h.interpret(topic, bytes, "test", rebirths::add).change();
    }

    private static Metric named(String name, long alias, double v) throws Exception {
        return new Metric.MetricBuilder(name, MetricDataType.Double, v)
                .alias(alias)
                .timestamp(Date.from(T0))
                .createMetric();
    }

    private static Metric aliased(long alias, double v) throws Exception {
        return new Metric.MetricBuilder(alias, MetricDataType.Double, v)
                .timestamp(Date.from(T0))
                .createMetric();
    }

    private static Metric bdSeq(long v) throws Exception {
        return new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, v).createMetric();
    }

    @Test
    void aNewNodeBirthForgetsTheAliasesOfItsDevices() throws Exception {
        var h = host(true);
        send(h, "spBv1.0/g/NBIRTH/n", 0, bdSeq(1));
        send(h, "spBv1.0/g/DBIRTH/n/d", 1, named("flow", 4, 1.0));
        var data = (Change.DeviceData) send(h, "spBv1.0/g/DDATA/n/d", 2, aliased(4, 2.0));
        assertThat(data.data().samples()).containsExactly(Sample.good("flow", T0, 2.0));

        send(h, "spBv1.0/g/NBIRTH/n", 0, bdSeq(2));

        assertThatThrownBy(() -> send(h, "spBv1.0/g/DDATA/n/d", 1, aliased(4, 3.0)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.reason).isEqualTo("alias"));
        assertThat(rebirths).extracting(SparkplugTopic::toString).containsExactly("spBv1.0/g/NCMD/n");
    }

    @Test
    void deviceAliasesDoNotResolveNodeData() throws Exception {
        var h = host(true);
        send(h, "spBv1.0/g/NBIRTH/n", 0, bdSeq(1), named("uptime", 1, 5.0));
        send(h, "spBv1.0/g/DBIRTH/n/d", 1, named("flow", 4, 1.0));

        var node = (Change.DeviceData) send(h, "spBv1.0/g/NDATA/n", 2, aliased(1, 6.0));

        assertThat(node.asset()).isEqualTo("n");
        assertThatThrownBy(() -> send(h, "spBv1.0/g/NDATA/n", 3, aliased(4, 6.0)))
                .isInstanceOf(Rejection.class);
    }

    @Test
    void ignoresAnNdeathOfAnOlderBirthAndAcceptsTheCurrentOne() throws Exception {
        var h = host(true);
        send(h, "spBv1.0/g/NBIRTH/n", 0, bdSeq(5));

        assertThat(send(h, "spBv1.0/g/NDEATH/n", -1, bdSeq(4))).isNull();
        assertThat(send(h, "spBv1.0/g/NDEATH/n", -1, bdSeq(5))).isEqualTo(new Change.NodeDeath("n", 5, T0));
    }

    @Test
    void inASharedSubscriptionASequenceGapIsNotAReasonToRebirth() throws Exception {
        var shared = host(false);
        var single = host(true);
        for (var h : List.of(shared, single)) {
            send(h, "spBv1.0/g/NBIRTH/n", 0, bdSeq(1));
            send(h, "spBv1.0/g/DBIRTH/n/d", 1, named("flow", 4, 1.0));
            send(h, "spBv1.0/g/DDATA/n/d", 9, aliased(4, 2.0));
            if (h == shared) {
                assertThat(rebirths).isEmpty();
            }
        }

        assertThat(rebirths).hasSize(1);
    }

    @Test
    void historicalMetricsBecomeAHistoryChangeBesideTheLiveData() throws Exception {
        var h = host(true);
        send(h, "spBv1.0/g/NBIRTH/n", 0, bdSeq(1));
        send(h, "spBv1.0/g/DBIRTH/n/d", 1, named("flow", 4, 1.0));

        var change = send(
                h,
                "spBv1.0/g/DDATA/n/d",
                2,
                aliased(4, 2.0),
                new Metric.MetricBuilder(4L, MetricDataType.Double, 0.5)
                        .timestamp(Date.from(T0.minusSeconds(600)))
                        .isHistorical(true)
                        .createMetric());

        assertThat(change).isInstanceOfSatisfying(Change.Several.class, s -> {
            assertThat(s.parts()).hasSize(2);
            assertThat(((Change.History) s.parts().get(1)).data().samples())
                    .containsExactly(Sample.good("flow", T0.minusSeconds(600), 0.5));
        });
    }
}
