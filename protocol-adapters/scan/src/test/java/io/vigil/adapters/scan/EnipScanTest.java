package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.adapters.scan.enip.EnipGolden;
import io.vigil.adapters.scan.enip.ListIdentity;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
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
        byte[] reply = Hex.parse(EnipGolden.REPLY);
        var received = new CopyOnWriteArrayList<String>();
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
        byte[] reply = Hex.parse(EnipGolden.REPLY);
        byte[] foreign = reply.clone();
        foreign[12] = 'x';
        DatagramSocket udp = bindNativePort();
        var received = new CopyOnWriteArrayList<String>();
        var responder = new Thread(() -> {
            byte[] buf = new byte[600];
            try {
                while (true) {
                    var packet = new DatagramPacket(buf, buf.length);
                    udp.receive(packet);
                    byte[] got = Arrays.copyOf(buf, packet.getLength());
                    received.add(Hex.of(got));
                    if (got.length == 24 && got[0] == 0x63) {
                        udp.send(new DatagramPacket(foreign, foreign.length, packet.getSocketAddress()));
                        udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    }
                }
            } catch (IOException closed) {
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
        var pacer = new Pacer(settings.frameGap(), Clock.systemUTC(), d -> {});
        try (var session = new HostSession("255.255.255.255", settings, FrameGuard.strict(), pacer)) {
            Assertions.assertThatThrownBy(() -> session.openDatagram(ScanProtocol.ENIP, 44818)
                            .request(ListIdentity.request(), 1024, d -> true))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);
        }
        try (var session = new HostSession("224.0.0.1", settings, FrameGuard.strict(), pacer)) {
            Assertions.assertThatThrownBy(() -> session.openDatagram(ScanProtocol.ENIP, 44818))
                    .hasMessageContaining("multicast");
        }
    }

    /** UDP 44818 on loopback, retried for up to 10 s: another build on this machine may hold it for a moment. */
    private static DatagramSocket bindNativePort() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new DatagramSocket(new InetSocketAddress("127.0.0.1", 44818));
            } catch (SocketException inUse) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("UDP 44818 on loopback stayed in use for 10 s: " + inUse.getMessage());
                }
                Thread.sleep(200);
            }
        }
    }
}
