package io.vigil.hub;

import io.vertx.core.Future;
import io.vigil.core.cli.UsageException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hub's listening ports: checked before anything starts, so a second hub on the same ports fails at once with the
 * option to change instead of after its database has started, and awaited when they open.
 */
final class Listeners {
    private static final int LISTEN_TIMEOUT_S = 30;

    private Listeners() {}

    /** Throws a {@link UsageException} naming the port's option when a fixed port is busy. */
    static void checkFree(ListenSettings listen, boolean embeddedMqtt) {
        checkFree(listen.host(), listen.httpPort(), "HTTP (REST, WebSocket and twin)", "--http-port");
        if (embeddedMqtt) {
            checkFree(listen.host(), listen.mqttPort(), "MQTT (agents)", "--mqtt-port");
        }
    }

    private static void checkFree(String host, int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw portInUse(host, port, what, option, e);
        }
    }

    private static UsageException portInUse(String host, int port, String what, String option, Throwable cause) {
        return new UsageException(what + " port " + port + " on " + host + " is not available (" + cause.getMessage()
                + "); is another hub running? choose another with " + option);
    }

    /** The port {@code listen} opened; a busy port (taken since the check) is a {@link UsageException} too. */
    static int await(Future<Integer> listening, ListenSettings listen, int port, String what) {
        try {
            return listening.toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BindException) {
                String option = what.equals("MQTT") ? "--mqtt-port" : "--http-port";
                throw portInUse(listen.host(), port, what, option, e.getCause());
            }
            throw new IllegalStateException("cannot start the " + what + " listener: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the " + what + " listener", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + what + " listener did not start within 30 s", e);
        }
    }
}
