package io.vigil.adapters.scan;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The UDP counterpart of {@link Exchange}: one connected datagram socket of a probe (so datagrams from any other
 * address are dropped by the kernel). {@link #request} sends a frame through the {@link FrameGuard} and the
 * {@link Pacer}, and waits for one reply datagram within the timeout; a lost datagram is normal on UDP, so a request
 * that met silence is sent again, at most {@link ScanSettings#retries()} times, paced like any other frame. A reply
 * longer than {@code maxReply} is refused (the buffer is one byte longer, so truncation is seen, never hidden).
 */
public final class DatagramExchange implements AutoCloseable {
    private final DatagramSocket socket;
    private final ScanProtocol protocol;
    private final FrameGuard guard;
    private final Pacer pacer;
    private final List<Frame> log;
    private final Duration timeout;
    private final int retries;

    DatagramExchange(
            DatagramSocket socket,
            ScanProtocol protocol,
            FrameGuard guard,
            Pacer pacer,
            List<Frame> log,
            Duration timeout,
            int retries) {
        this.socket = socket;
        this.protocol = protocol;
        this.guard = guard;
        this.pacer = pacer;
        this.log = log;
        this.timeout = timeout;
        this.retries = retries;
    }

    /**
     * Sends {@code frame} and returns the first reply datagram that {@code mine} accepts (a late reply to an earlier
     * request is skipped, not taken for this one). Throws {@link SocketTimeoutException} after the last attempt met
     * silence, and {@link PortUnreachableException} when the host says nothing listens on the port.
     */
    public byte[] request(byte[] frame, int maxReply, Predicate<byte[]> mine) throws IOException {
        for (int attempt = 0; ; attempt++) {
            send(frame);
            try {
                return receive(maxReply, mine);
            } catch (SocketTimeoutException e) {
                if (attempt >= retries) {
                    throw new SocketTimeoutException(
                            "no reply datagram within " + timeout.toMillis() + " ms (" + (attempt + 1) + " attempts)");
                }
            }
        }
    }

    private void send(byte[] frame) throws IOException {
        guard.check(protocol, frame);
        pacer.pace();
        log.add(Frame.sent(frame));
        socket.send(new DatagramPacket(frame, frame.length));
    }

    private byte[] receive(int maxReply, Predicate<byte[]> mine) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[maxReply + 1];
        while (true) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new SocketTimeoutException("no reply datagram within " + timeout.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, leftMs));
            var packet = new DatagramPacket(buf, buf.length);
            socket.receive(packet);
            byte[] reply = Arrays.copyOf(buf, packet.getLength());
            log.add(Frame.received(reply));
            if (reply.length > maxReply) {
                throw new MalformedReplyException(
                        "reply datagram of more than " + maxReply + " bytes is outside what the protocol allows");
            }
            if (mine.test(reply)) {
                return reply;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
