package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vigil.adapters.scan.bacnet.BacnetProbe;
import io.vigil.adapters.scan.enip.EnipProbe;
import io.vigil.adapters.scan.mqtt.MqttProbe;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MQTT, EtherNet/IP and BACnet/IP probes run directly (not behind the S7, OPC UA and Modbus probes, whose timeouts
 * would open the breaker first) against misbehaving loopback peers: every bad reply ends as the scanner's own
 * classification (MalformedReplyException) or as silence (SocketTimeoutException) within the timeouts, never as any
 * other exception and never later. Every frame the probes send passes the strict guard.
 */
@Timeout(30)
class NewProbesBadInputTest {
    private static final ScanSettings SETTINGS = AuditedScan.quick(Duration.ofMillis(300));
    private static final byte[] HTTP =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What a misbehaving TCP peer answers to the first bytes it reads; null: silence. */
    static Stream<Arguments> tcpReplies() {
        UnaryOperator<byte[]> http = req -> HTTP;
        UnaryOperator<byte[]> echo = req -> req;
        UnaryOperator<byte[]> garbage = req -> new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 1, 2};
        UnaryOperator<byte[]> truncatedConnAck = req -> new byte[] {0x20, 0x02, 0x00};
        UnaryOperator<byte[]> wrongLengthConnAck = req -> new byte[] {0x20, 0x03, 0x00, 0x00, 0x00};
        UnaryOperator<byte[]> oversizedEnip = req -> Hex.parse("6300ffff" + "00".repeat(20));
        UnaryOperator<byte[]> truncatedEnip = req -> Arrays.copyOf(req, 30);
        UnaryOperator<byte[]> silence = req -> null;
        return Stream.of(
                Arguments.of("mqtt", http),
                Arguments.of("mqtt", echo),
                Arguments.of("mqtt", garbage),
                Arguments.of("mqtt", truncatedConnAck),
                Arguments.of("mqtt", wrongLengthConnAck),
                Arguments.of("mqtt", silence),
                Arguments.of("enip", http),
                Arguments.of("enip", echo),
                Arguments.of("enip", garbage),
                Arguments.of("enip", oversizedEnip),
                Arguments.of("enip", truncatedEnip),
                Arguments.of("enip", silence));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tcpReplies")
    void aBadTcpReplyIsClassifiedWithinTheTimeout(String protocol, UnaryOperator<byte[]> answer) throws Exception {
        Probe probe = protocol.equals("mqtt") ? new MqttProbe(new Random(1)) : new EnipProbe();
        try (var peer = new FakePeer((in, out) -> {
            byte[] req = FakePeer.readSome(in);
            byte[] reply = answer.apply(req);
            if (reply == null) {
                while (in.read() >= 0) {
                    // say nothing
                }
                return;
            }
            out.write(reply);
            out.flush();
            new DataInputStream(in).readAllBytes(); // hold the connection until the scanner hangs up
        })) {
            assertClassifiedInTime(probe, peer.port());
        }
    }

    /** What a misbehaving BACnet peer answers to a request datagram; null: silence. */
    static Stream<Arguments> udpReplies() {
        UnaryOperator<byte[]> echo = req -> req;
        UnaryOperator<byte[]> garbage = req -> new byte[] {(byte) 0x81, 0x0A, 0x00};
        UnaryOperator<byte[]> oversized = req -> {
            byte[] big = new byte[2000];
            big[0] = (byte) 0x81;
            big[1] = 0x0A;
            big[2] = (byte) (2000 >> 8);
            big[3] = (byte) 2000;
            return big;
        };
        UnaryOperator<byte[]> wrongLength = req -> Hex.parse("810a00ff010030010c0c0203f7a1194b3ec40203f7a13f");
        UnaryOperator<byte[]> truncated = req -> Hex.parse("810a0017010030010c0c0203f7a1194b3ec402");
        UnaryOperator<byte[]> http = req -> HTTP;
        UnaryOperator<byte[]> silence = req -> null;
        return Stream.of(
                Arguments.of("echo", echo),
                Arguments.of("garbage", garbage),
                Arguments.of("oversized", oversized),
                Arguments.of("wrong length", wrongLength),
                Arguments.of("truncated", truncated),
                Arguments.of("http", http),
                Arguments.of("silence", silence));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("udpReplies")
    void aBadBacnetReplyIsClassifiedWithinTheTimeouts(String name, UnaryOperator<byte[]> answer) throws Exception {
        try (var peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> respond(peer, answer), "fake-bacnet");
            responder.setDaemon(true);
            responder.start();
            assertClassifiedInTime(new BacnetProbe(), peer.getLocalPort());
        }
    }

    @Test
    void aBacnetDeviceThatAnswersSomeoneElsesInvokeIdIsWaitedOutNotBelieved() throws Exception {
        try (var peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(
                    () -> respond(peer, req -> Hex.parse("810a0017010030090c0c0203f7a1194b3ec40203f7a13f")),
                    "fake-bacnet");
            responder.setDaemon(true);
            responder.start();
            Throwable t = assertClassifiedInTime(new BacnetProbe(), peer.getLocalPort());
            assertThat(t).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("2 attempts");
        }
    }

    private static void respond(DatagramSocket peer, UnaryOperator<byte[]> answer) {
        byte[] buf = new byte[1500];
        while (!peer.isClosed()) {
            try {
                var packet = new DatagramPacket(buf, buf.length);
                peer.receive(packet);
                byte[] reply = answer.apply(Arrays.copyOf(buf, packet.getLength()));
                if (reply != null) {
                    peer.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Runs the probe; it must end in a classification within two timeouts and two frame gaps (one resend). */
    private static Throwable assertClassifiedInTime(Probe probe, int port) {
        var pacer = new Pacer(SETTINGS.frameGap(), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
        long start = System.nanoTime();
        Throwable thrown;
        try (var session = new HostSession("127.0.0.1", SETTINGS, FrameGuard.strict(), pacer)) {
            thrown = catchThrowable(() -> probe.run(session, new ScanTarget("127.0.0.1", port, true)));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).isInstanceOfAny(MalformedReplyException.class, SocketTimeoutException.class);
        assertThat(took).isLessThan(Duration.ofMillis(2 * (300 + 250) + 700));
        return thrown;
    }
}
