package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Await;
import io.vigil.testing.PeerProcess;
import io.vigil.testing.ProtocolPeers;
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
    private static PeerProcess device;

    @BeforeAll
    static void start() {
        device = ProtocolPeers.bacnet();
    }

    @AfterAll
    static void stop() {
        if (device != null) {
            device.close();
        }
    }

    /**
     * The device logs each request as it answers it, and its output reaches the test through a reader thread: the
     * scan may hold its last reply before that thread has read the line. Waits (briefly, bounded) for the lines so the
     * assertions below see all of them; they still fail on too many or wrong ones.
     */
    private static void awaitLogged(PeerProcess peer, int requests) {
        Await.within(
                Duration.ofSeconds(2),
                () -> peer.output().stream().filter(l -> l.startsWith("req")).count() >= requests);
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
        awaitLogged(device, 3);
        assertThat(device.output())
                .filteredOn(l -> l.startsWith("req"))
                .containsExactly(
                        "req readProperty 8:4194303 75",
                        "req readProperty 8:260001 97",
                        "req readPropertyMultiple 8:260001 77,121,120,70,44,12");
    }

    @Test
    void fallsBackToOnePropertyAtATimeWhenTheDeviceDoesNotListReadPropertyMultiple() throws Exception {
        try (var plain = ProtocolPeers.bacnet(false)) {
            ScanResult r = AuditedScan.scanOne(
                    AuditedScan.quick(Duration.ofSeconds(1)), new ScanTarget("127.0.0.1", plain.port(), true));

            assertIdentity(r);
            assertThat(r.identity()).containsEntry("read_property_multiple", IdentityField.derived("not listed"));
            awaitLogged(plain, 8);
            assertThat(plain.output())
                    .filteredOn(l -> l.startsWith("req"))
                    .hasSize(8)
                    .allMatch(l -> l.startsWith("req readProperty 8:"));
        }
    }
}
