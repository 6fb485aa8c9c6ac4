package io.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, where every server a test starts listens. */
public final class Ports {
    private Ports() {}

    /**
     * A port nothing listened on a moment ago. Another process may take it before the caller binds it; servers that
     * can bind port 0 themselves should do that instead.
     */
    public static int free() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
