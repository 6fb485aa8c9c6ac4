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

    /**
     * A device that answers ListIdentity on UDP 44818 only: its TCP port is closed, so the scan falls back to one
     * datagram. Bound to the native port so the target takes the native probes only (waiting a while for another run of this
     * test to free UDP 44818 on loopback, then failing: a skip would pass the build without the test). It first sends a reply with someone else's sender context, which must be skipped.
     */
    @Test
    void fallsBackToAUnicastDatagramWhenTcpIsClosed() throws Exception {
        byte[] reply = Hex.parse(io.vigil.adapters.scan.enip.EnipGolden.REPLY);
        byte[] foreign = reply.clone();
        foreign[12] = 'x';
        java.net.DatagramSocket udp = bindNativePort();
        var received = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var responder = new Thread(() -> {
            byte[] buf = new byte[600];
            try {
                while (true) {
                    var packet = new java.net.DatagramPacket(buf, buf.length);
                    udp.receive(packet);
                    byte[] got = java.util.Arrays.copyOf(buf, packet.getLength());
                    received.add(Hex.of(got));
                    if (got.length == 24 && got[0] == 0x63) {
                        udp.send(new java.net.DatagramPacket(foreign, foreign.length, packet.getSocketAddress()));
                        udp.send(new java.net.DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    }
                }
            } catch (java.io.IOException closed) {
                // test over
            }
        });
        responder.setDaemon(true);
        responder.start();
        try (udp) {
            ScanResult r = AuditedScan.scanOne(SETTINGS, new ScanTarget("127.0.0.1", 44818, false));

            assertThat(r.protocol()).as(r.evidence().toString()).isEqualTo(ScanProtocol.ENIP);
            assertThat(r.identityValue("product_name")).isEqualTo("1756-L61/B LOGIX5561");
            assertThat(r.driverHints()).containsEntry("transport", "udp");
            assertThat(r.frames()).filteredOn(Frame::isSent).singleElement().satisfies(f -> assertThat(f.hex())
                    .startsWith("6300"));
            assertThat(received).hasSize(1).first().asString().startsWith("6300000000000000");
        }
    }

    @Test
    void neverSendsADatagramToABroadcastOrMulticastAddress() {
        var settings = AuditedScan.quick(Duration.ofMillis(300));
        var pacer = new Pacer(settings.frameGap(), java.time.Clock.systemUTC(), d -> {});
        try (var session = new HostSession("255.255.255.255", settings, FrameGuard.strict(), pacer)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.openDatagram(ScanProtocol.ENIP, 44818)
                            .request(io.vigil.adapters.scan.enip.ListIdentity.request(), 1024, d -> true))
                    .isInstanceOf(java.io.IOException.class)
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
        try (var session = new HostSession("224.0.0.1", settings, FrameGuard.strict(), pacer)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.openDatagram(ScanProtocol.ENIP, 44818))
                    .hasMessageContaining("multicast");
        }
    }

    /** UDP 44818 on loopback, retried for up to 10 s: another build on this machine may hold it for a moment. */
    private static java.net.DatagramSocket bindNativePort() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 44818));
            } catch (java.net.SocketException inUse) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("UDP 44818 on loopback stayed in use for 10 s: " + inUse.getMessage());
                }
                Thread.sleep(200);
            }
        }
    }
}
