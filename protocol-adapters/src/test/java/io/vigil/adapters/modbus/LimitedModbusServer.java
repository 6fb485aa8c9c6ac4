package io.vigil.adapters.modbus;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double, not a real peer: a minimal Modbus TCP server whose largest request is {@code limit} registers. Neither
 * pymodbus 3.0 (fixed at 125) nor j2mod's slave can be told a lower limit, and real devices with limits of 16, 32 or
 * 64 registers cannot run here. It answers functions 3 and 4 with register {@code n} holding the value {@code n}; a
 * larger request gets exception 03 or, with {@code silentAboveLimit}, no answer at all (as some devices do). It also
 * counts the requests that went over the limit.
 */
final class LimitedModbusServer implements AutoCloseable {
    private final ServerSocket server;
    private volatile int limit;
    private final boolean silentAboveLimit;
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread acceptor;

    LimitedModbusServer(int limit, boolean silentAboveLimit) throws IOException {
        this.limit = limit;
        this.silentAboveLimit = silentAboveLimit;
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "limited-modbus");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The device's limit from now on (a network that recovered, a device swapped). */
    void limit(int registers) {
        this.limit = registers;
    }

    int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread conn = new Thread(() -> serve(socket), "limited-modbus-conn");
                conn.setDaemon(true);
                conn.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                var in = new DataInputStream(socket.getInputStream());
                var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()))) {
            while (true) {
                int transaction = in.readUnsignedShort();
                in.readUnsignedShort(); // protocol id
                int length = in.readUnsignedShort();
                byte[] pdu = new byte[length];
                in.readFully(pdu);
                int unit = pdu[0] & 0xFF;
                int function = pdu[1] & 0xFF;
                int start = ((pdu[2] & 0xFF) << 8) | (pdu[3] & 0xFF);
                int count = ((pdu[4] & 0xFF) << 8) | (pdu[5] & 0xFF);
                if (function != 3 && function != 4) {
                    exception(out, transaction, unit, function, 1);
                } else if (count > limit) {
                    refused.incrementAndGet();
                    if (!silentAboveLimit) {
                        exception(out, transaction, unit, function, 3);
                    }
                } else {
                    out.writeShort(transaction);
                    out.writeShort(0);
                    out.writeShort(3 + 2 * count);
                    out.writeByte(unit);
                    out.writeByte(function);
                    out.writeByte(2 * count);
                    for (int r = 0; r < count; r++) {
                        out.writeShort(start + r);
                    }
                    out.flush();
                }
            }
        } catch (SocketException | EOFException closed) {
            // client went away
        } catch (IOException e) {
            // client went away
        }
    }

    private static void exception(DataOutputStream out, int transaction, int unit, int function, int code)
            throws IOException {
        out.writeShort(transaction);
        out.writeShort(0);
        out.writeShort(3);
        out.writeByte(unit);
        out.writeByte(function | 0x80);
        out.writeByte(code);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
