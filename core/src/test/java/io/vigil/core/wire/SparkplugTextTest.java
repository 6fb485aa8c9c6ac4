package io.vigil.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.sample.ValueType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Text samples on the wire: Sparkplug String metrics in BIRTH and DATA. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SparkplugTextTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00.125Z");

    @Test
    void textSamplesRoundTripAsStringMetrics() throws Exception {
        var samples = List.of(
                Sample.text("state", T0, "RUNNING ä", Quality.GOOD),
                Sample.text("recipe", T0, "", Quality.UNCERTAIN),
                Sample.badText("batch", T0),
                Sample.good("flow", T0, 2.5));
        byte[] bytes = SparkplugCodec.deviceData(T0, 3, new AssetData(samples, List.of(), List.of()));

        var tahu = new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
        assertThat(tahu.getMetrics().get(0).getDataType()).isEqualTo(MetricDataType.String);
        assertThat(tahu.getMetrics().get(0).getValue()).isEqualTo("RUNNING ä");
        assertThat(SparkplugCodec.decode(bytes).data().samples()).containsExactlyElementsOf(samples);
    }

    @Test
    void birthAnnouncesTextMetricsAsString() throws Exception {
        byte[] bytes = SparkplugCodec.deviceBirth(
                T0,
                0,
                List.of(new MetricDef("flow", "l/min"), new MetricDef("state", "", ValueType.STRING)),
                Map.of("protocol", "modbus-tcp"));

        var tahu = new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
        assertThat(tahu.getMetrics().stream()
                        .filter(x -> x.getName().equals("state"))
                        .findFirst()
                        .orElseThrow()
                        .getDataType())
                .isEqualTo(MetricDataType.String);
        assertThat(SparkplugCodec.decode(bytes).births())
                .containsExactly(new MetricDef("flow", "l/min"), new MetricDef("state", "", ValueType.STRING));
    }

    @Test
    void anOversizedOrNulTextMetricIsDroppedAloneAndCounted() {
        var payload = Payload.newBuilder()
                .setTimestamp(T0.toEpochMilli())
                .setSeq(1)
                .addMetrics(text("huge", "x".repeat(Sample.MAX_TEXT + 1)))
                .addMetrics(text("nul", "a\u0000b"))
                .addMetrics(text("state", "IDLE"))
                .addMetrics(Payload.Metric.newBuilder()
                        .setName("flow")
                        .setTimestamp(T0.toEpochMilli())
                        .setDatatype(DataType.Double_VALUE)
                        .setDoubleValue(4.0));

        SparkplugMessage m = SparkplugCodec.decode(payload.build().toByteArray());

        assertThat(m.rejected()).isEqualTo(2);
        assertThat(m.data().samples())
                .containsExactly(Sample.text("state", T0, "IDLE", Quality.GOOD), Sample.good("flow", T0, 4.0));
    }

    private static Payload.Metric text(String name, String value) {
        return Payload.Metric.newBuilder()
                .setName(name)
                .setTimestamp(T0.toEpochMilli())
                .setDatatype(DataType.String_VALUE)
                .setStringValue(value)
                .build();
    }
}
