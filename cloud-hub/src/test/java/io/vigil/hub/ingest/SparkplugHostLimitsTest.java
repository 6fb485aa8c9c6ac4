package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.hub.store.write.Change;
import io.vigil.testing.MutableClock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 21, item 2: one node's births and data are bounded in metrics per message and series per node. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SparkplugHostLimitsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");
    private static final String NBIRTH = "spBv1.0/plant/NBIRTH/edge-1";
    private final MutableClock clock = new MutableClock(T0);

    private SparkplugHost host(PayloadLimits limits) {
        return new SparkplugHost(clock, new IngestMetrics(new SimpleMeterRegistry()), true, limits);
    }

    private static byte[] birthOf(int metrics, String prefix) {
        var p = Payload.newBuilder().setTimestamp(T0.toEpochMilli()).setSeq(0);
        p.addMetrics(Payload.Metric.newBuilder()
                .setName("bdSeq")
                .setDatatype(DataType.Int64_VALUE)
                .setLongValue(1));
        for (int i = 0; i < metrics; i++) {
            p.addMetrics(Payload.Metric.newBuilder()
                    .setName(prefix + i)
                    .setTimestamp(T0.toEpochMilli())
                    .setDatatype(DataType.Double_VALUE)
                    .setDoubleValue(i));
        }
        return p.build().toByteArray();
    }

    private static Change send(SparkplugHost h, String topic, byte[] payload) {
        return h.interpret(topic, payload, "edge-1", t -> {}).change();
    }

    @Test
    void aBirthWithMoreMetricsThanTheLimitIsRejectedWholeNamingTheCounts() {
        var h = host(new PayloadLimits(100, 50_000));

        assertThatThrownBy(() -> send(h, NBIRTH, birthOf(100, "m")))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.reason).isEqualTo("too_many_metrics"))
                .hasMessageContaining("101 metrics")
                .hasMessageContaining("limit is 100");
        assertThat(send(h, NBIRTH, birthOf(99, "m"))).isNotNull();
    }

    @Test
    void aNodeThatKeepsInventingNamesStopsAtItsSeriesLimitAcrossRebirths() {
        var h = host(new PayloadLimits(10_000, 150));

        send(h, NBIRTH, birthOf(100, "a"));
        send(h, NBIRTH, birthOf(100, "a"));
        assertThatThrownBy(() -> send(h, NBIRTH, birthOf(100, "b")))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.reason).isEqualTo("series_limit"))
                .hasMessageContaining("200 series")
                .hasMessageContaining("limit is 150");
        assertThat(send(h, NBIRTH, birthOf(50, "b")))
                .as("the refused birth recorded nothing")
                .isNotNull();
    }

    @Test
    void dataUnderNewNamesCountsAgainstTheSameBudget() {
        var h = host(new PayloadLimits(10_000, 10));
        send(h, NBIRTH, birthOf(5, "m"));
        byte[] ddata = Payload.newBuilder()
                .setTimestamp(T0.toEpochMilli())
                .setSeq(1)
                .addAllMetrics(java.util.stream.IntStream.range(0, 6)
                        .mapToObj(i -> Payload.Metric.newBuilder()
                                .setName("x" + i)
                                .setTimestamp(T0.toEpochMilli())
                                .setDatatype(DataType.Double_VALUE)
                                .setDoubleValue(i)
                                .build())
                        .toList())
                .build()
                .toByteArray();

        assertThatThrownBy(() -> send(h, "spBv1.0/plant/DDATA/edge-1/pump-1", ddata))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.reason).isEqualTo("series_limit"));
    }
}
