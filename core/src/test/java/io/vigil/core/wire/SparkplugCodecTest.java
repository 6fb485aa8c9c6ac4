package io.vigil.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.json.Json;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;

class SparkplugCodecTest {
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00.250Z");

    @Test
    void deviceDataRoundTripsSamplesScoresAndEvents() {
        var data = new AssetData(
                List.of(
                        Sample.good("flow", T0, 31.75),
                        new Sample("pressure", T0.plusMillis(500), 0.25, Quality.UNCERTAIN),
                        Sample.bad("current", T0.plusMillis(500))),
                List.of(new Score("pump-ae", T0, 0.125)),
                List.of(new AnomalyEvent("pump-ae@1.0.0", T0, 2.5, 0.9)));

        SparkplugMessage decoded = SparkplugCodec.decode(SparkplugCodec.deviceData(T0, 7, data));

        assertThat(decoded.seq()).isEqualTo(7);
        assertThat(decoded.time()).isEqualTo(T0);
        assertThat(decoded.data().samples()).containsExactlyElementsOf(data.samples());
        assertThat(decoded.data().scores()).containsExactly(new Score("pump-ae", T0, 0.125));
        assertThat(decoded.data().events()).containsExactly(new AnomalyEvent("pump-ae@1.0.0", T0, 2.5, 0.9));
    }

    @Test
    void deviceDataBytesEqualTahusOwnEncoder() throws Exception {
        var data = new AssetData(
                List.of(
                        Sample.good("flow", T0, 31.75),
                        new Sample("pressure", T0.plusMillis(500), 0.25, Quality.UNCERTAIN),
                        Sample.bad("current", T0.plusMillis(500))),
                List.of(new Score("pump-ae", T0, 0.125)),
                List.of(new AnomalyEvent("pump-ae@1.0.0", T0, 2.5, 0.9)));
        var metrics = new ArrayList<Metric>();
        for (Sample s : data.samples()) {
            metrics.add(new Metric.MetricBuilder(
                            s.tag(), MetricDataType.Double, s.quality() == Quality.BAD ? null : s.value())
                    .timestamp(Date.from(s.time()))
                    .properties(new PropertySet.PropertySetBuilder()
                            .addProperty(
                                    "Quality",
                                    new PropertyValue<>(
                                            PropertyDataType.Int32, s.quality().code()))
                            .createPropertySet())
                    .createMetric());
        }
        metrics.add(new Metric.MetricBuilder("vigil/score/pump-ae", MetricDataType.Double, 0.125)
                .timestamp(Date.from(T0))
                .createMetric());
        metrics.add(new Metric.MetricBuilder(
                        "vigil/event/anomaly",
                        MetricDataType.String,
                        Json.mapper().writeValueAsString(data.events().get(0)))
                .timestamp(Date.from(T0))
                .createMetric());
        byte[] tahu = new SparkplugBPayloadEncoder()
                .getBytes(
                        new SparkplugBPayload.SparkplugBPayloadBuilder()
                                .addMetrics(metrics)
                                .setTimestamp(Date.from(T0))
                                .setSeq(7L)
                                .createPayload(),
                        false);

        assertThat(SparkplugCodec.deviceData(T0, 7, data)).isEqualTo(tahu);
    }

    @Test
    void deviceBirthCarriesUnitsAndMetadata() {
        byte[] birth = SparkplugCodec.deviceBirth(
                T0,
                0,
                List.of(new MetricDef("flow", "l/min"), new MetricDef("vigil/score/pump-ae", "")),
                Map.of("protocol", "modbus-tcp", "device", "plc-1"));

        SparkplugMessage decoded = SparkplugCodec.decode(birth);

        assertThat(decoded.births())
                .containsExactly(new MetricDef("flow", "l/min"), new MetricDef("vigil/score/pump-ae", ""));
        assertThat(decoded.meta()).containsEntry("protocol", "modbus-tcp").containsEntry("device", "plc-1");
        assertThat(decoded.data().isEmpty()).isTrue();
    }

    @Test
    void nodeBirthAndDeathCarryBdSeq() {
        assertThat(SparkplugCodec.decode(SparkplugCodec.nodeBirth(T0, 0, 3)).bdSeq())
                .isEqualTo(3);
        assertThat(SparkplugCodec.decode(SparkplugCodec.nodeDeath(3)).bdSeq()).isEqualTo(3);
    }

    @Test
    void garbageIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> SparkplugCodec.decode(new byte[] {(byte) 0xff, 0x01, 0x02}))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("not a Sparkplug B payload (3 bytes)");
    }

    @Test
    void topicsParseAndPrint() {
        var topic = SparkplugTopic.parse("spBv1.0/plant/DDATA/edge-1/pump-1");
        assertThat(topic).isEqualTo(SparkplugTopic.device("plant", MessageType.DDATA, "edge-1", "pump-1"));
        assertThat(topic.toString()).isEqualTo("spBv1.0/plant/DDATA/edge-1/pump-1");
        assertThat(SparkplugTopic.parse("spBv1.0/plant/NBIRTH/edge-1").device()).isEmpty();
    }

    @Test
    void malformedTopicsNameTheProblem() {
        assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/plant/XDATA/edge-1"))
                .hasMessageContaining("unknown message type 'XDATA'");
        assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/plant/DDATA/edge-1"))
                .hasMessageContaining("DDATA must name a device");
        assertThatThrownBy(() -> SparkplugTopic.parse("spBv1.0/plant/DDATA/edge-1/x;drop table"))
                .hasMessageContaining("not a valid id");
    }
}
