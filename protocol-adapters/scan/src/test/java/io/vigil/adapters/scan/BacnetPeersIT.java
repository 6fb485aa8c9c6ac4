package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The BACnet/IP probe against a device built on the npm {@code @bacnet-js/client} stack (written by others): its
 * decoder must accept our requests and our decoder its replies.
 */
@Timeout(60)
class BacnetPeersIT {
    private static TestPeers.Peer device;

    @BeforeAll
    static void start() {
        device = TestPeers.bacnet();
    }

    @AfterAll
    static void stop() {
        if (device != null) {
            device.close();
        }
    }

    private static void assertIdentity(ScanResult r) {
        assertThat(r.protocol()).as(r.evidence() + " " + r.error()).isEqualTo(ScanProtocol.BACNET_IP);
        assertThat(r.confidence()).isEqualTo(1.0);
        assertThat(r.identity())
                .containsEntry("device_instance", IdentityField.read("260001"))
                .containsEntry("object_name", IdentityField.read("AHU-3 controller"))
                .containsEntry("vendor", IdentityField.read("Vigil Test Controls"))
                .containsEntry("vendor_id", IdentityField.read("999"))
                .containsEntry("model_name", IdentityField.read("VTC-500"))
                .containsEntry("firmware_revision", IdentityField.read("4.2.1"))
                .containsEntry("application_software_version", IdentityField.read("ahu-app 1.7"));
    }

    @Test
    void readsTheDeviceIdentityInOneReadPropertyMultipleWhenTheDeviceListsIt() throws Exception {
        ScanResult r = AuditedScan.scanOne(
                AuditedScan.quick(Duration.ofSeconds(1)), new ScanTarget("127.0.0.1", device.port(), true));

        assertIdentity(r);
        assertThat(r.identity()).containsEntry("read_property_multiple", IdentityField.derived("supported"));
        assertThat(r.frames()).filteredOn(Frame::isSent).extracting(Frame::hex).allMatch(h -> h.startsWith("810a00"));
        assertThat(device.output())
                .filteredOn(l -> l.startsWith("req"))
                .containsExactly(
                        "req readProperty 8:4194303 75",
                        "req readProperty 8:260001 97",
                        "req readPropertyMultiple 8:260001 77,121,120,70,44,12");
    }

    @Test
    void fallsBackToOnePropertyAtATimeWhenTheDeviceDoesNotListReadPropertyMultiple() throws Exception {
        try (var plain = TestPeers.bacnet(false)) {
            ScanResult r = AuditedScan.scanOne(
                    AuditedScan.quick(Duration.ofSeconds(1)), new ScanTarget("127.0.0.1", plain.port(), true));

            assertIdentity(r);
            assertThat(r.identity()).containsEntry("read_property_multiple", IdentityField.derived("not listed"));
            assertThat(plain.output())
                    .filteredOn(l -> l.startsWith("req"))
                    .hasSize(8)
                    .allMatch(l -> l.startsWith("req readProperty 8:"));
        }
    }
}
