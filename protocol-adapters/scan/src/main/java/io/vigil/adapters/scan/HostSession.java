package io.vigil.adapters.scan;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything the scanner does to one host goes through its session: it holds the host's {@link Pacer} (so the frame
 * gap holds across probes and connections), opens at most one connection at a time (opening a new one, TCP or UDP,
 * closes the last), retries a connect timeout at most {@link ScanSettings#retries()} times, and logs every frame of the current
 * target.
 */
public final class HostSession implements AutoCloseable {
    private final String host;
    private final ScanSettings settings;
    private final FrameGuard guard;
    private final Pacer pacer;
    private final List<Frame> frames = new ArrayList<>();
    private AutoCloseable current;

    public HostSession(String host, ScanSettings settings, FrameGuard guard, Pacer pacer) {
        this.host = host;
        this.settings = settings;
        this.guard = guard;
        this.pacer = pacer;
    }

    public String host() {
        return host;
    }

    public ScanSettings settings() {
        return settings;
    }

    /** Opens a connection for {@code protocol}'s frames, closing the previous one first. */
    public Exchange open(ScanProtocol protocol, int port) throws IOException {
        close();
        var exchange = new Exchange(connect(port, Socket::new), protocol, guard, pacer, frames, settings.timeout());
        current = exchange;
        return exchange;
    }

    /**
     * Opens a TLS connection for {@code protocol}'s frames, closing the previous one first. The server's certificate is
     * recorded, never trusted or checked ({@link TlsPeer}); the handshake's own writes are paced and checked as TLS
     * records ({@link TlsRecordSocket}), the probe's frames inside it pass the {@link FrameGuard} as on plain TCP.
     */
    public TlsPeer.Connection openTls(ScanProtocol protocol, int port) throws IOException {
        close();
        Socket plain = connect(port, () -> new TlsRecordSocket(pacer));
        var tls = TlsPeer.handshake(plain, host, port, settings.timeout());
        var exchange = new Exchange(tls.socket(), protocol, guard, pacer, frames, settings.timeout());
        current = exchange;
        return new TlsPeer.Connection(exchange, tls.peer());
    }

    private Socket connect(int port, Supplier<Socket> sockets) throws IOException {
        int timeout = (int) settings.timeout().toMillis();
        for (int attempt = 0; ; attempt++) {
            Socket socket = sockets.get();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), timeout);
                return socket;
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                if (attempt >= settings.retries()) {
                    throw new SocketTimeoutException("connect to " + host + ":" + port + " timed out after "
                            + settings.timeout().toMillis() + " ms (" + (attempt + 1) + " attempts)");
                }
            } catch (IOException e) {
                closeQuietly(socket);
                throw e;
            }
        }
    }

    /** Opens a connected UDP socket for {@code protocol}'s datagrams, closing the previous connection first. */
    public DatagramExchange openDatagram(ScanProtocol protocol, int port) throws IOException {
        close();
        var socket = new DatagramSocket();
        try {
            // Java allows broadcast by default: a listed broadcast address must fail here, not reach a whole subnet
            socket.setBroadcast(false);
            var address = new InetSocketAddress(host, port);
            if (address.getAddress() != null && address.getAddress().isMulticastAddress()) {
                throw new SocketException(host + " is a multicast address: the scanner only sends unicast");
            }
            socket.connect(address);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        var exchange =
                new DatagramExchange(socket, protocol, guard, pacer, frames, settings.timeout(), settings.retries());
        current = exchange;
        return exchange;
    }

    /** The frames logged since the last call, and a fresh log for the next target. */
    List<Frame> takeFrames() {
        var out = List.copyOf(frames);
        frames.clear();
        return out;
    }

    @Override
    public void close() {
        if (current != null) {
            try {
                current.close();
            } catch (Exception ignored) {
                // closing a probe connection: nothing left to do
            }
            current = null;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was sent on it
        }
    }
}
