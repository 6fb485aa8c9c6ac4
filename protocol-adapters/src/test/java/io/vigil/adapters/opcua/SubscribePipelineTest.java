package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class SubscribePipelineTest {
    @Test
    void neverRunsMoreChainsThanThereAreRequests() {
        assertThat(MonitoredItemBatches.lanes(100_000, 1_000, 4)).isEqualTo(4);
        assertThat(MonitoredItemBatches.lanes(20_000, 700, 16)).isEqualTo(16);
        assertThat(MonitoredItemBatches.lanes(1_500, 1_000, 4)).isEqualTo(2);
        assertThat(MonitoredItemBatches.lanes(1_000, 1_000, 4)).isEqualTo(1);
        assertThat(MonitoredItemBatches.lanes(1, 1_000, 1)).isEqualTo(1);
    }

    @Test
    void aSlowServerGetsFewerRequestsInFlight() {
        assertThat(MonitoredItemBatches.affordableLanes(200, 5_000)).isEqualTo(12);
        assertThat(MonitoredItemBatches.affordableLanes(600, 5_000)).isEqualTo(4);
        assertThat(MonitoredItemBatches.affordableLanes(1_300, 5_000)).isEqualTo(1);
        assertThat(MonitoredItemBatches.affordableLanes(9_000, 5_000)).isEqualTo(1);
        assertThat(MonitoredItemBatches.affordableLanes(0, 5_000)).isEqualTo(16);
    }

    @Test
    void aPipelineOutsideOneToSixteenIsRefusedNamingTheDevice() {
        var spec = new DeviceSpec(
                "plc",
                "pump1",
                Protocol.OPC_UA,
                "opc.tcp://127.0.0.1:4840",
                Duration.ofSeconds(1),
                List.of(new TagSpec("t", "ns=2;s=t", DataType.FLOAT64)));
        assertThatThrownBy(() -> new OpcUaAdapter(spec, Clock.systemUTC(), 0))
                .hasMessage("device plc: subscribe pipeline 0 must be 1..16");
        assertThatThrownBy(() -> new OpcUaAdapter(spec, Clock.systemUTC(), 17)).hasMessageContaining("pipeline 17");
    }
}
