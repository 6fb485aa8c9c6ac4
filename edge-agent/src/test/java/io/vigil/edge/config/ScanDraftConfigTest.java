package io.vigil.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.scan.AgentConfigDraft;
import io.vigil.adapters.scan.Frame;
import io.vigil.adapters.scan.IdentityField;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanResult;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code vigil scan --emit-config} writes is a valid agent configuration, read by the agent's own reader. */
@Timeout(10)
class ScanDraftConfigTest {

    private static ScanResult result(String target, ScanProtocol p, Map<String, Object> hints) {
        return new ScanResult(
                target,
                p,
                1.0,
                List.of("x"),
                Map.of("vendor", IdentityField.read("ACME # 1")),
                hints,
                List.of(),
                List.<Frame>of(),
                null);
    }

    @Test
    void theDraftOfAScanIsReadByTheAgentConfigReader(@TempDir Path dir) throws Exception {
        var results = List.of(
                result("127.0.0.1:5020", ScanProtocol.MODBUS_TCP, Map.of("unit_id", 255)),
                result(
                        "127.0.0.1:4840",
                        ScanProtocol.OPCUA,
                        Map.of(
                                "recommended_endpoint",
                                Map.of(
                                        "url",
                                        "opc.tcp://plc-host:4840/vigil",
                                        "security_policy",
                                        "None",
                                        "security_mode",
                                        "None"))),
                result("127.0.0.1:102", ScanProtocol.S7COMM, Map.of("rack", 0, "slot", 2, "pdu_size", 480)),
                result("127.0.0.1:9999", ScanProtocol.UNKNOWN, Map.of()),
                result("127.0.0.1:44818", ScanProtocol.ENIP, Map.of()),
                result("127.0.0.1:47808", ScanProtocol.BACNET_IP, Map.of("device_instance", 260001)),
                result("127.0.0.1:1883", ScanProtocol.MQTT, Map.of("anonymous_allowed", true)));
        Path file = dir.resolve("agent.yaml");
        String yaml = AgentConfigDraft.yaml(results, Instant.EPOCH);
        Files.writeString(file, yaml);

        AgentConfig config = AgentConfig.read(file);

        assertThat(config.devices()).hasSize(3);
        assertThat(config.devices().get(0).protocol()).isEqualTo(Protocol.MODBUS_TCP);
        assertThat(config.devices().get(0).endpoint()).isEqualTo("127.0.0.1:5020/255");
        assertThat(config.devices().get(1).protocol()).isEqualTo(Protocol.OPC_UA);
        assertThat(config.devices().get(1).endpoint()).isEqualTo("opc.tcp://127.0.0.1:4840/vigil");
        assertThat(config.devices().get(2).protocol()).isEqualTo(Protocol.S7);
        assertThat(config.devices().get(2).endpoint()).isEqualTo("s7://127.0.0.1:102?rack=0&slot=2");
        assertThat(config.devices().get(2).tags().get(0).type()).isEqualTo(DataType.INT16);
        // identified, not read: commented out, so the agent's devices stay the three it can run
        assertThat(yaml)
                .contains("# Vigil has no EtherNet/IP driver yet", "# - { id: enip-127.0.0.1-44818")
                .contains("# Vigil has no BACnet/IP driver yet", "device_instance: 260001")
                .contains("set hub.mqtt: tcp://127.0.0.1:1883 (it accepts anonymous clients)");
    }

    @Test
    void aScanThatFoundOnlyDevicesWithoutADriverDraftsAnEmptyButReadableDeviceList(@TempDir Path dir) {
        String yaml =
                AgentConfigDraft.yaml(List.of(result("127.0.0.1:44818", ScanProtocol.ENIP, Map.of())), Instant.EPOCH);
        assertThat(yaml).contains("devices:\n  []", "# Vigil has no EtherNet/IP driver yet");
    }
}
