package io.vigil.adapters.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Await;
import io.vigil.testing.PeerProcess;
import io.vigil.testing.ProtocolPeers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reads the snap7 server (npm node-snap7, written by others) through PLC4X's S7 driver, on loopback. */
@Timeout(60)
class S7AdapterIT {
    private static PeerProcess plc;

    @BeforeAll
    static void start() {
        plc = ProtocolPeers.s7();
    }

    @AfterAll
    static void stop() {
        if (plc != null) {
            plc.close();
        }
    }

    @Test
    void readsRealScaledIntAndMarkerBitInOneRequest() throws Exception {
        var spec = new DeviceSpec(
                "plc1",
                "press1",
                Protocol.S7,
                "127.0.0.1:" + plc.port() + "?rack=0&slot=2",
                Duration.ofMillis(500),
                List.of(
                        new TagSpec("temp", "DB1.DBD0:REAL", DataType.FLOAT32),
                        new TagSpec("speed", "DB1.DBW4", DataType.INT16, 0.1, 0.0, "rpm"),
                        new TagSpec("running", "M0.0", DataType.BOOL)));
        try (var adapter = new S7Adapter(spec)) {
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples).extracting(Sample::tag).containsExactly("temp", "speed", "running");
            assertThat(samples).allMatch(Sample::isGood);
            assertThat(samples.get(0).value()).isEqualTo(21.5);
            assertThat(samples.get(1).value()).isEqualTo(145.0);
            assertThat(samples.get(2).value()).isEqualTo(1.0);
            assertThat(adapter.health().state()).hasToString("UP");
        }
    }

    private static DeviceSpec plcWith(TagSpec... tags) {
        return new DeviceSpec(
                "plc1",
                "press1",
                Protocol.S7,
                "127.0.0.1:" + plc.port() + "?rack=0&slot=2",
                Duration.ofMillis(500),
                List.of(tags));
    }

    @Test
    void aMissingDataBlockReadsBadWhileTheOtherTagsKeepReading() throws Exception {
        var spec = plcWith(
                new TagSpec("temp", "DB1.DBD0:REAL", DataType.FLOAT32),
                new TagSpec("ghost", "DB9.DBW0", DataType.INT16),
                new TagSpec("speed", "DB1.DBW4", DataType.INT16, 0.1, 0.0, "rpm"),
                new TagSpec("running", "M0.0", DataType.BOOL));
        try (var adapter = new S7Adapter(spec)) {
            Await.result(adapter.connect());

            for (int round = 0; round < 2; round++) {
                List<Sample> samples = Await.result(adapter.read());
                assertThat(samples).extracting(Sample::tag).containsExactly("temp", "ghost", "speed", "running");
                assertThat(samples).extracting(Sample::isGood).containsExactly(true, false, true, true);
                assertThat(samples.get(0).value()).isEqualTo(21.5);
                assertThat(samples.get(2).value()).isEqualTo(145.0);
            }
            assertThat(adapter.health().state()).hasToString("UP");
            assertThat(adapter.health().detail()).contains("ghost (DB9.DBW0)");
        }
    }

    @Test
    void aDeviceWhoseEveryAddressIsSilentIsDownNotQuarantined() throws Exception {
        var spec = plcWith(
                new TagSpec("ghost1", "DB9.DBW0", DataType.INT16), new TagSpec("ghost2", "DB8.DBW0", DataType.INT16));
        try (var adapter = new S7Adapter(spec)) {
            Await.result(adapter.connect());

            assertThatThrownBy(() -> Await.result(adapter.read()))
                    .hasRootCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("none of the 2 addresses answered");
            assertThat(adapter.health().state()).hasToString("DOWN");
        }
    }
}
