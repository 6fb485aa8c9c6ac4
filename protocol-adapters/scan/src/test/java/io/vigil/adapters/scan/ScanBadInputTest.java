package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Ports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever comes back, a target ends as a result within its timeouts: HTTP on the port, silence, garbage, truncated,
 * oversized and echoed replies are classified {@code unknown}, never thrown.
 */
@Timeout(20)
class ScanBadInputTest {
    private static final ScanSettings SETTINGS = AuditedScan.quick(Duration.ofMillis(300));

    private static ScanResult scan(FakePeer peer) throws Exception {
        return AuditedScan.scanOne(SETTINGS, new ScanTarget("127.0.0.1", peer.port(), true));
    }

    @Test
    void anHttpServerIsUnknown() throws Exception {
        try (var peer = new FakePeer((in, out) -> {
            FakePeer.readSome(in);
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            ScanResult r = scan(peer);
            assertThat(r.protocol()).isEqualTo(ScanProtocol.UNKNOWN);
            assertThat(r.evidence()).anyMatch(e -> e.contains("not this protocol"));
            assertThat(r.frames()).anyMatch(f -> !f.isSent());
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsUnknownWithinTheTimeoutsAndOpensTheBreaker() throws Exception {
        FakePeer.Behaviour silent = (in, out) -> {
            while (in.read() >= 0) {
                // swallow everything, say nothing
            }
        };
        try (var first = new FakePeer(silent);
                var second = new FakePeer(silent)) {
            long start = System.nanoTime();
            var results = AuditedScan.scan(
                    SETTINGS,
                    List.of(
                            new ScanTarget("127.0.0.1", first.port(), true),
                            new ScanTarget("127.0.0.1", second.port(), true)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(results).extracting(ScanResult::protocol).containsOnly(ScanProtocol.UNKNOWN);
            // S7, OPC UA and Modbus time out; the probes after them (MQTT, EtherNet/IP, BACnet) are not tried
            assertThat(results.get(0).error()).isEqualTo("circuit breaker open after 3 failures in a row");
            assertThat(results.get(0).evidence())
                    .filteredOn(e -> e.contains("timed out"))
                    .hasSize(3);
            assertThat(results.get(1).error()).contains("circuit breaker open");
            assertThat(results.get(1).frames())
                    .as("nothing sent to a host whose breaker is open")
                    .isEmpty();
            // five silent replies (S7, OPC UA, Modbus units 255, 1, 0), each at most one timeout plus the frame gap
            assertThat(took).isLessThan(Duration.ofMillis(5 * (300 + 250) + 1500));
        }
    }

    @Test
    void garbageIsUnknown() throws Exception {
        try (var peer = new FakePeer((in, out) -> {
            FakePeer.readSome(in);
            out.write(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 1, 2, 3, 4, 5, 6, 7, 8});
        })) {
            assertThat(scan(peer).protocol()).isEqualTo(ScanProtocol.UNKNOWN);
        }
    }

    @Test
    void aTruncatedModbusReplyIsUnknown() throws Exception {
        try (var peer = new FakePeer((in, out) -> {
            byte[] req = FakePeer.readSome(in);
            if (req.length > 0 && req[2] == 0 && req[3] == 0) {
                out.write(new byte[] {req[0], req[1], 0, 0, 0, 20, req[6], 0x2B, 0x0E, 1});
            }
        })) {
            ScanResult r = scan(peer);
            assertThat(r.protocol()).isEqualTo(ScanProtocol.UNKNOWN);
        }
    }

    @Test
    void anOversizedLengthIsRefusedBeforeReadingIt() throws Exception {
        try (var peer = new FakePeer((in, out) -> {
            FakePeer.readSome(in);
            // valid-looking headers of all three protocols claiming huge frames
            out.write(new byte[] {0, 1, 0, 0, (byte) 0xFF, (byte) 0xFF, 1, 0x2B});
            out.write(new byte[] {3, 0, (byte) 0xFF, (byte) 0xFF});
        })) {
            ScanResult r = scan(peer);
            assertThat(r.protocol()).isEqualTo(ScanProtocol.UNKNOWN);
            assertThat(r.evidence()).anyMatch(e -> e.contains("outside"));
        }
    }

    @Test
    void aServerThatEchoesTheRequestIsUnknown() throws Exception {
        try (var peer = new FakePeer((in, out) -> {
            for (byte[] req; (req = FakePeer.readSome(in)).length > 0; ) {
                out.write(req);
            }
        })) {
            ScanResult r = scan(peer);
            assertThat(r.protocol()).isEqualTo(ScanProtocol.UNKNOWN);
        }
    }

    @Test
    void aClosedPortIsRefusedAtOnce() throws Exception {
        int port = Ports.free();
        ScanResult r = AuditedScan.scanOne(SETTINGS, new ScanTarget("127.0.0.1", port, true));
        assertThat(r.protocol()).isEqualTo(ScanProtocol.UNKNOWN);
        // TCP refused at once: the TCP probes stop there; the UDP probes (BACnet, then EtherNet/IP ListIdentity) each
        // send one datagram and meet ICMP port unreachable
        assertThat(r.error()).isEqualTo("connection refused (TCP), port unreachable (UDP)");
        assertThat(r.frames())
                .extracting(Frame::hex)
                .satisfiesExactly(f -> assertThat(f).startsWith("810a"), f -> assertThat(f)
                        .startsWith("6300"));
    }
}
