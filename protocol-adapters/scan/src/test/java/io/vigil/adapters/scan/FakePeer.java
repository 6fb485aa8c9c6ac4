package io.vigil.adapters.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * A misbehaving TCP server on loopback for bad-input tests (no real device misbehaves on demand): each connection is
 * handed to a behaviour that reads what the scanner sent and answers whatever the test wants.
 */
final class FakePeer implements AutoCloseable {
    @FunctionalInterface
    interface Behaviour {
        void serve(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Thread acceptor;

    FakePeer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> acceptLoop(behaviour), "fake-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop(Behaviour behaviour) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s, behaviour), "fake-peer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket s, Behaviour behaviour) {
        try (s) {
            behaviour.serve(s.getInputStream(), s.getOutputStream());
        } catch (IOException | InterruptedException done) {
            // the scanner hung up, or the test ended
        }
    }

    /** Reads what arrived so far (at least one byte). */
    static byte[] readSome(InputStream in) throws IOException {
        byte[] buf = new byte[512];
        int n = in.read(buf);
        return n <= 0 ? new byte[0] : Arrays.copyOf(buf, n);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
