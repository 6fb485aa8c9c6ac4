package io.vigil.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;

/** Issue 21, items 2 and 8: payloads built to hurt the decoder are counted rejects, never exceptions or log floods. */
class SparkplugHostileInputTest {
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

    @Test
    void aMetricOfUnknownDatatypeIsOneRejectedMetricAndTheRestIsKept() {
        byte[] bytes = payload()
                .addMetrics(Payload.Metric.newBuilder()
                        .setName("bogus")
                        .setDatatype(999)
                        .setDoubleValue(1))
                .addMetrics(doubleMetric("flow", 2.5))
                .build()
                .toByteArray();

        SparkplugMessage m = SparkplugCodec.decode(bytes);

        assertThat(m.rejected()).isEqualTo(1);
        assertThat(m.data().samples()).singleElement().satisfies(s -> {
            assertThat(s.tag()).isEqualTo("flow");
            assertThat(s.value()).isEqualTo(2.5);
        });
    }

    @Test
    void nameOnlyMetricsAreCountedAsRejectedWithoutFailingTheMessage() {
        var p = payload();
        for (int i = 0; i < 1000; i++) {
            p.addMetrics(Payload.Metric.newBuilder().setName("m" + i));
        }

        SparkplugMessage m = SparkplugCodec.decode(p.build().toByteArray());

        assertThat(m.rejected()).isEqualTo(1000);
        assertThat(m.data().samples()).isEmpty();
        assertThat(m.births()).isEmpty();
    }

    @Test
    void moreMetricsThanTheLimitFailBeforeAnyIsConvertedNamingBothCounts() {
        var p = payload();
        for (int i = 0; i < 101; i++) {
            p.addMetrics(doubleMetric("m" + i, i));
        }
        byte[] bytes = p.build().toByteArray();

        assertThatThrownBy(() -> SparkplugCodec.decode(bytes, java.util.Map.of(), 100))
                .isInstanceOfSatisfying(TooManyMetricsException.class, e -> {
                    assertThat(e.count()).isEqualTo(101);
                    assertThat(e.limit()).isEqualTo(100);
                })
                .hasMessageContaining("101 metrics")
                .hasMessageContaining("limit is 100");
        assertThat(SparkplugCodec.decode(bytes, java.util.Map.of(), 101).data().samples())
                .hasSize(101);
    }

    @Test
    void templatesAndArraysAreSkippedWithoutUnpackingWhatTheyNest() {
        var template = Payload.Template.newBuilder();
        for (int i = 0; i < 100; i++) {
            template.addMetrics(Payload.Metric.newBuilder().setName("inner" + i).setDatatype(999));
        }
        byte[] bytes = payload()
                .addMetrics(Payload.Metric.newBuilder()
                        .setName("udt")
                        .setDatatype(DataType.Template_VALUE)
                        .setTemplateValue(template))
                .addMetrics(Payload.Metric.newBuilder()
                        .setName("flags")
                        .setDatatype(DataType.BooleanArray_VALUE)
                        .setBytesValue(com.google.protobuf.ByteString.copyFrom(new byte[] {0x7f, 0x7f, 0x7f, 0x7f})))
                .build()
                .toByteArray();

        SparkplugMessage m = SparkplugCodec.decode(bytes);

        assertThat(m.skipped()).isEqualTo(2);
        assertThat(m.rejected()).isZero();
    }

    @Test
    void aValueOfTheWrongKindFailsTheMessageAsMalformedNamingTheMetric() {
        byte[] bytes = payload()
                .addMetrics(Payload.Metric.newBuilder()
                        .setName(SparkplugCodec.BD_SEQ)
                        .setDatatype(DataType.String_VALUE)
                        .setStringValue("x"))
                .build()
                .toByteArray();

        assertThatThrownBy(() -> SparkplugCodec.decode(bytes))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("bdSeq");
    }

    private static Payload.Builder payload() {
        return Payload.newBuilder().setTimestamp(T0.toEpochMilli()).setSeq(1);
    }

    private static Payload.Metric.Builder doubleMetric(String name, double v) {
        return Payload.Metric.newBuilder()
                .setName(name)
                .setTimestamp(T0.toEpochMilli())
                .setDatatype(DataType.Double_VALUE)
                .setDoubleValue(v);
    }
}
