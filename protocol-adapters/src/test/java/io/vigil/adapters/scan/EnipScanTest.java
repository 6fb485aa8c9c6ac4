package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The EtherNet/IP probe end to end through the scanner, against a test double: no EtherNet/IP device or simulator
 * written by others installs here (Debian has none; the npm packages ethernet-ip and st-ethernet-ip are clients only),
 * so a loopback responder answers ListIdentity with the golden reply of {@code ListIdentityTest} and records what it
 * was sent.
 */
@Timeout(20)
class EnipScanTest {
    private static final ScanSettings SETTINGS = AuditedScan.quick(Duration.ofMillis(500));

    @Test
    void identifiesAListIdentityResponderWithOneFrame() throws Exception {
        byte[] reply = Hex.parse(io.vigil.adapters.scan.enip.EnipGolden.REPLY);
        var received = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var peer = new FakePeer((in, out) -> {
            byte[] header = new byte[24];
            header[0] = (byte) in.read();
            if (header[0] != 0x63) {
                return; // not ListIdentity: hang up, as a real device does on a foreign frame
            }
            new DataInputStream(in).readFully(header, 1, 23);
            received.add(Hex.of(header));
            out.write(reply);
        })) {
            ScanResult r = AuditedScan.scanOne(SETTINGS, new ScanTarget("127.0.0.1", peer.port(), true));

            assertThat(r.protocol()).as(r.evidence().toString()).isEqualTo(ScanProtocol.ENIP);
            assertThat(r.confidence()).isEqualTo(1.0);
            assertThat(r.identityValue("product_name")).isEqualTo("1756-L61/B LOGIX5561");
            assertThat(r.identityValue("vendor")).isEqualTo("Rockwell Automation/Allen-Bradley");
            assertThat(received).last().asString().startsWith("6300000000000000");
        }
    }
}
