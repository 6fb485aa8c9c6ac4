package io.vigil.adapters.sim;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Modbus TCP server for the simulator: read coils (1), read discrete inputs (2), read holding registers (3)
 * and read input registers (4), answered from a {@link RegisterImage}; discrete inputs mirror the coils and input
 * registers mirror the holding registers. Other functions get exception 01 (illegal function), ranges outside the
 * image exception 02 (illegal data address), bad quantities exception 03. Every unit id is answered.
 *
 * <p>Written here rather than taken from j2mod because j2mod's slave keeps a static registry keyed by port and cannot
 * report the port it bound when asked for port 0; tests need several servers on free ports in one JVM. One thread per
 * connection is plenty for a simulator.
 */
final class ModbusTcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModbusTcpServer.class);
    private static final int MAX_PDU = 253;

    private final RegisterImage image;
    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    /** Binds {@code host:port} (port 0 picks a free one) and starts accepting. */
    ModbusTcpServer(String host, int port, RegisterImage image) {
        this.image = image;
        try {
            this.server = new ServerSocket(port, 50, InetAddress.getByName(host));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Modbus simulator cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        var acceptor = new Thread(this::acceptLoop, "sim-modbus-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        clients.forEach(ModbusTcpServer::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                var thread = new Thread(() -> serve(client), "sim-modbus-" + client.getRemoteSocketAddress());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("Modbus simulator on port {}: accept failed: {}", port(), e.getMessage());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            var in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                byte[] request = readFrame(in);
                out.write(respond(request));
                out.flush();
            }
        } catch (EOFException | SocketException closed) {
            // client went away or the server is closing
        } catch (IOException e) {
            log.debug("Modbus simulator: connection {} failed: {}", client.getRemoteSocketAddress(), e.getMessage());
        } finally {
            clients.remove(client);
        }
    }

    /** Reads one ADU: the 7-byte MBAP header and the PDU it announces. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] header = new byte[7];
        in.readFully(header);
        int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        if (length < 2 || length > MAX_PDU + 1) {
            throw new IOException("MBAP length " + length + " out of range");
        }
        byte[] frame = new byte[6 + length];
        System.arraycopy(header, 0, frame, 0, 7);
        in.readFully(frame, 7, length - 1);
        return frame;
    }

    /** Builds the response ADU for a request ADU; package-private for golden-frame tests. */
    byte[] respond(byte[] request) {
        ByteBuffer req = ByteBuffer.wrap(request);
        short transaction = req.getShort();
        short protocol = req.getShort();
        req.getShort();
        byte unit = req.get();
        int function = req.get() & 0xFF;
        byte[] pdu = protocol != 0 ? exception(function, 4) : pdu(function, req);
        return ByteBuffer.allocate(7 + pdu.length)
                .putShort(transaction)
                .putShort((short) 0)
                .putShort((short) (pdu.length + 1))
                .put(unit)
                .put(pdu)
                .array();
    }

    private byte[] pdu(int function, ByteBuffer req) {
        if (function < 1 || function > 4) {
            return exception(function, 1);
        }
        if (req.remaining() < 4) {
            return exception(function, 3);
        }
        int start = req.getShort() & 0xFFFF;
        int count = req.getShort() & 0xFFFF;
        boolean bitFunction = function <= 2;
        if (count < 1 || count > (bitFunction ? 2000 : 125)) {
            return exception(function, 3);
        }
        return bitFunction ? bitsResponse(function, start, count) : registersResponse(function, start, count);
    }

    private byte[] bitsResponse(int function, int start, int count) {
        boolean[] bits = image.bits(start, count);
        if (bits == null) {
            return exception(function, 2);
        }
        byte[] pdu = new byte[2 + (count + 7) / 8];
        pdu[0] = (byte) function;
        pdu[1] = (byte) (pdu.length - 2);
        for (int i = 0; i < count; i++) {
            if (bits[i]) {
                pdu[2 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return pdu;
    }

    private byte[] registersResponse(int function, int start, int count) {
        int[] words = image.registers(start, count);
        if (words == null) {
            return exception(function, 2);
        }
        ByteBuffer pdu = ByteBuffer.allocate(2 + 2 * count).put((byte) function).put((byte) (2 * count));
        for (int word : words) {
            pdu.putShort((short) word);
        }
        return pdu.array();
    }

    private static byte[] exception(int function, int code) {
        return new byte[] {(byte) (function | 0x80), (byte) code};
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
