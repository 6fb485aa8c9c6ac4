package io.vigil.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.sample.Sample;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Payloads built with Eclipse Tahu's own model and {@link SparkplugBPayloadEncoder}, the way Tahu's example edge nodes
 * build them (births with name + alias + properties, data with aliases only), decode into Vigil's terms.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TahuInteropTest {
    private static final Date T0 = Date.from(Instant.parse("2026-11-22T05:00:00Z"));

    @Test
    void birthDefinesAliasesThatDataUsesWithoutNames() throws Exception {
        var birth = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .setTimestamp(T0)
                .setSeq(1L)
                .addMetric(new Metric.MetricBuilder("Inputs/Temperature", MetricDataType.Float, 21.5f)
                        .alias(10L)
                        .timestamp(T0)
                        .properties(new PropertySet.PropertySetBuilder()
                                .addProperty("engUnit", new PropertyValue(PropertyDataType.String, "degC"))
                                .createPropertySet())
                        .createMetric())
                .addMetric(new Metric.MetricBuilder("Outputs/Running", MetricDataType.Boolean, true)
                        .alias(11L)
                        .timestamp(T0)
                        .createMetric())
                .addMetric(new Metric.MetricBuilder("Properties/Serial", MetricDataType.String, "SN-1")
                        .alias(12L)
                        .createMetric())
                .createPayload();

        SparkplugMessage b = SparkplugCodec.decode(tahu(birth));

        assertThat(b.aliases())
                .containsOnly(
                        Map.entry(10L, "Inputs/Temperature"),
                        Map.entry(11L, "Outputs/Running"),
                        Map.entry(12L, "Properties/Serial"));
        assertThat(b.data().samples().subList(0, 2))
                .containsExactly(
                        Sample.good("Inputs.Temperature", T0.toInstant(), 21.5),
                        Sample.good("Outputs.Running", T0.toInstant(), 1.0));
        // a String metric is a text sample (Tahu stamps a metric built without a time with "now")
        assertThat(b.data().samples().get(2).text()).isEqualTo("SN-1");
        assertThat(b.skipped()).isZero();

        Date t1 = new Date(T0.getTime() + 1000);
        var data = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .setTimestamp(t1)
                .setSeq(2L)
                .addMetric(new Metric.MetricBuilder(10L, MetricDataType.Float, 22.0f)
                        .timestamp(t1)
                        .createMetric())
                .addMetric(new Metric.MetricBuilder(11L, MetricDataType.Boolean, false)
                        .timestamp(new Date(T0.getTime() - 60_000))
                        .isHistorical(true)
                        .createMetric())
                .createPayload();

        SparkplugMessage d = SparkplugCodec.decode(tahu(data), b.aliases());

        assertThat(d.seq()).isEqualTo(2);
        assertThat(d.data().samples()).containsExactly(Sample.good("Inputs.Temperature", t1.toInstant(), 22.0));
        assertThat(d.historical().samples())
                .containsExactly(Sample.good("Outputs.Running", T0.toInstant().minusSeconds(60), 0.0));
    }

    @Test
    void dataWithAnAliasNoBirthDefinedIsRejectedNamingTheAlias() throws Exception {
        var data = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .setTimestamp(T0)
                .setSeq(3L)
                .addMetric(new Metric.MetricBuilder(99L, MetricDataType.Double, 1.0).createMetric())
                .createPayload();

        assertThatThrownBy(() -> SparkplugCodec.decode(tahu(data), Map.of(10L, "x")))
                .isInstanceOf(UnknownAliasException.class)
                .hasMessageContaining("alias 99");
    }

    @Test
    void tahuNodeBirthCarriesBdSeqAndNodeMetrics() throws Exception {
        var nbirth = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .setTimestamp(T0)
                .setSeq(0L)
                .addMetric(new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, 7L).createMetric())
                .addMetric(
                        new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, false).createMetric())
                .addMetric(new Metric.MetricBuilder("Node Metric0", MetricDataType.Int32, 5)
                        .alias(1L)
                        .createMetric())
                .createPayload();

        SparkplugMessage m = SparkplugCodec.decode(tahu(nbirth));

        assertThat(m.bdSeq()).isEqualTo(7);
        assertThat(m.aliases()).containsOnly(Map.entry(1L, "Node Metric0"));
        assertThat(m.data().samples()).extracting(Sample::tag).containsExactly("Node_Metric0");
        assertThat(m.births()).isEqualTo(List.of());
    }

    private static byte[] tahu(SparkplugBPayload payload) throws Exception {
        return new SparkplugBPayloadEncoder().getBytes(payload, false);
    }
}
