package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.PeerProcess;
import io.vigil.testing.ProtocolPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil scan} against real peers written by others: pymodbus, node-opcua and snap7, on loopback. */
@Timeout(60)
class ScanPeersIT {
    private static final ScanSettings SETTINGS = AuditedScan.quick(Duration.ofSeconds(1));

    @TempDir
    static Path pki;

    private static PeerProcess modbus;
    private static PeerProcess opcua;
    private static PeerProcess s7;

    @BeforeAll
    static void startPeers() {
        var opcuaStart = CompletableFuture.supplyAsync(() -> ProtocolPeers.opcua(pki));
        modbus = ProtocolPeers.modbus();
        s7 = ProtocolPeers.s7();
        opcua = opcuaStart.join();
    }

    @AfterAll
    static void stopPeers() {
        for (var peer : new PeerProcess[] {modbus, opcua, s7}) {
            if (peer != null) {
                peer.close();
            }
        }
    }

    private static ScanTarget target(PeerProcess peer) {
        return new ScanTarget("127.0.0.1", peer.port(), true);
    }

    @Test
    void identifiesPymodbusByItsDeviceIdentification() throws Exception {
        ScanResult r = AuditedScan.scanOne(SETTINGS, target(modbus));

        assertThat(r.protocol()).isEqualTo(ScanProtocol.MODBUS_TCP);
        assertThat(r.confidence()).isEqualTo(1.0);
        assertThat(r.identity())
                .containsEntry("vendor", IdentityField.read("Vigil Test Pumps"))
                .containsEntry("product_code", IdentityField.read("VTP-100"))
                .containsEntry("revision", IdentityField.read("3.0.0"))
                .containsEntry("model_name", IdentityField.read("VTP pump controller"));
        assertThat(r.driverHints()).containsEntry("unit_id", 255).containsEntry("gateway", false);
        assertThat(r.frames())
                .filteredOn(Frame::isSent)
                .last()
                .extracting(Frame::hex)
                .asString()
                .contains("2b0e02");
    }

    @Test
    void identifiesNodeOpcuaAndRecommendsItsStrongestEndpoint() throws Exception {
        ScanResult r = AuditedScan.scanOne(SETTINGS, target(opcua));

        assertThat(r.protocol()).isEqualTo(ScanProtocol.OPCUA);
        assertThat(r.confidence()).isEqualTo(1.0);
        assertThat(r.identityValue("application_uri")).isEqualTo("urn:vigil:test:node-opcua");
        assertThat(r.identityValue("product_uri")).isEqualTo("urn:vigil:test:node-opcua:product");
        assertThat(r.identity().get("certificate_thumbprint").source()).isEqualTo(IdentityField.Source.DERIVED);
        assertThat(r.identityValue("certificate_thumbprint")).hasSize(40);
        assertThat(r.identityValue("security_policies")).contains("None", "Basic256Sha256");
        assertThat(r.identityValue("user_token_types")).contains("anonymous");
        @SuppressWarnings("unchecked")
        var rec = (Map<String, Object>) r.driverHints().get("recommended_endpoint");
        assertThat(rec)
                .containsEntry("security_policy", "Basic256Sha256")
                .containsEntry("security_mode", "SignAndEncrypt");
        assertThat(r.safety()).anyMatch(s -> s.contains("security None"));
    }

    @Test
    void identifiesSnap7WithOrderNumberFirmwareAndRackSlot() throws Exception {
        ScanResult r = AuditedScan.scanOne(SETTINGS, target(s7));

        assertThat(r.protocol()).isEqualTo(ScanProtocol.S7COMM);
        assertThat(r.confidence()).isEqualTo(1.0);
        assertThat(r.identityValue("order_number")).startsWith("6ES7 315");
        assertThat(r.identityValue("firmware")).matches("V\\d+\\.\\d+\\.\\d+");
        assertThat(r.identityValue("module_name")).isNotEmpty();
        assertThat(r.identity().get("family")).isEqualTo(IdentityField.derived("S7-300"));
        assertThat(r.driverHints())
                .containsEntry("rack", 0)
                .containsEntry("slot", 2)
                .containsEntry("remote_tsap", "0x0102")
                .containsEntry("pdu_size", 480)
                .containsEntry("put_get", "enabled");
    }

    @Test
    void scansAllThreeAtOnceAndDraftsAnAgentConfigForThem(@TempDir Path dir) throws Exception {
        List<ScanResult> results = AuditedScan.scan(SETTINGS, List.of(target(s7), target(opcua), target(modbus)));

        assertThat(results)
                .extracting(ScanResult::protocol)
                .containsExactly(ScanProtocol.S7COMM, ScanProtocol.OPCUA, ScanProtocol.MODBUS_TCP);
        String yaml = AgentConfigDraft.yaml(results, Instant.EPOCH);
        Files.writeString(dir.resolve("agent.yaml"), yaml);
        assertThat(yaml)
                .contains("protocol: modbus-tcp", "endpoint: \"127.0.0.1:" + modbus.port() + "/255\"")
                .contains("protocol: opcua", "endpoint: \"opc.tcp://127.0.0.1:" + opcua.port() + "/vigil-peer\"")
                .contains("protocol: s7", "endpoint: \"s7://127.0.0.1:" + s7.port() + "?rack=0&slot=2\"");
        assertThat(ScanCommand.toJson(results)).contains("\"driver_hints\"", "\"protocol\" : \"s7comm\"");
    }
}
