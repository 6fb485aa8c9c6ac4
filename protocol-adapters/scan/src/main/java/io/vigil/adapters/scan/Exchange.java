package io.vigil.adapters.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One TCP connection of a probe. {@link #request} sends a frame (after the {@link FrameGuard} and the {@link Pacer})
 * and reads exactly one reply frame with the protocol's {@link Framing}, within the timeout as a whole, however slowly
 * the peer drips its bytes. Both directions are logged as {@link Frame}s, including a partial reply.
 */
public final class Exchange implements AutoCloseable {
    private final Socket socket;
    private final ScanProtocol protocol;
    private final FrameGuard guard;
    private final Pacer pacer;
    private final List<Frame> log;
    private final Duration timeout;

    Exchange(Socket socket, ScanProtocol protocol, FrameGuard guard, Pacer pacer, List<Frame> log, Duration timeout) {
        this.socket = socket;
        this.protocol = protocol;
        this.guard = guard;
        this.pacer = pacer;
        this.log = log;
        this.timeout = timeout;
    }

    /** Sends {@code frame} and returns the one reply frame. */
    public byte[] request(byte[] frame, Framing framing) throws IOException {
        send(frame);
        return receive(framing);
    }

    /** Sends {@code frame} without waiting for a reply. */
    public void send(byte[] frame) throws IOException {
        guard.check(protocol, frame);
        pacer.pace();
        log.add(Frame.sent(frame));
        socket.getOutputStream().write(frame);
        socket.getOutputStream().flush();
    }

    /** Reads the next reply frame (e.g. the next chunk of a multi-chunk reply). */
    public byte[] receive(Framing framing) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var got = new ByteArrayOutputStream();
        try {
            byte[] header = readFully(framing.headerLength(), deadline, got);
            int total = framing.totalLength(header);
            if (total < header.length) {
                throw new MalformedReplyException("frame length " + total + " is shorter than its header");
            }
            readFully(total - header.length, deadline, got);
            byte[] reply = got.toByteArray();
            log.add(Frame.received(reply));
            return reply;
        } catch (IOException | MalformedReplyException e) {
            if (got.size() > 0) {
                log.add(Frame.received(got.toByteArray()));
            }
            throw e;
        }
    }

    private byte[] readFully(int n, long deadline, ByteArrayOutputStream got) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new SocketTimeoutException("no complete reply within " + timeout.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, leftMs));
            int r = read(in, buf, off, n - off, got.size() + off);
            if (r < 0) {
                throw new MalformedReplyException(
                        "peer closed the connection after " + (got.size() + off) + " bytes of a reply");
            }
            got.write(buf, off, r);
            off += r;
        }
        return Arrays.copyOf(buf, n);
    }

    /**
     * A reset in reply to our frame is an answer, like a close: the peer is alive and does not speak the protocol (a
     * server resets rather than closes when our bytes are still unread in its buffer). It is classified as "not this
     * protocol", so it does not count towards the host's circuit breaker the way silence does.
     */
    private static int read(InputStream in, byte[] buf, int off, int len, int readSoFar) throws IOException {
        try {
            return in.read(buf, off, len);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                throw new MalformedReplyException("peer reset the connection after " + readSoFar + " bytes of a reply");
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a probe connection: nothing left to do
        }
    }
}
