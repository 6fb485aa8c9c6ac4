package io.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * Debian's Mosquitto on a free loopback port with a configuration of its own, stopped by its PID: anonymous, with a
 * password file, or TLS only on a throwaway self-signed certificate. Messages are kept in memory only, and the
 * per-client queue is raised far above the default 1000, past which a QoS 1 subscriber under load silently loses
 * messages.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final PeerProcess process;
    private final boolean tls;

    private Mosquitto(PeerProcess process, boolean tls) {
        this.process = process;
        this.tls = tls;
    }

    /** A broker that accepts anonymous clients; configuration and log go to {@code dir}. */
    public static Mosquitto start(Path dir) {
        return launch(dir, "mosquitto", List.of("allow_anonymous true"), false);
    }

    /** A broker that refuses anonymous clients and knows one {@code user} with {@code password}. */
    public static Mosquitto withPassword(Path dir, String user, String password) {
        Path binary = Peers.require(Peer.MOSQUITTO);
        Path passwd = binary.resolveSibling("../bin/mosquitto_passwd").normalize();
        Path passwords = dir.resolve("passwords");
        var make = PeerProcess.start(
                "mosquitto_passwd",
                List.of(passwd.toString(), "-b", "-c", passwords.toString(), user, password),
                0,
                Map.of(),
                null);
        make.awaitLastLine(Duration.ofSeconds(10));
        if (make.process().exitValue() != 0) {
            throw new AssertionFailedError("mosquitto_passwd failed: " + String.join("\n", make.output()));
        }
        return launch(dir, "mosquitto", List.of("allow_anonymous false", "password_file " + passwords), false);
    }

    /** A TLS-only broker accepting anonymous clients, on a self-signed certificate for {@code CN=commonName}. */
    public static Mosquitto tls(Path dir, String commonName) {
        var pem = SelfSignedPem.write(dir, "broker", commonName);
        return launch(
                dir,
                "mosquitto-tls",
                List.of("certfile " + pem.certificate(), "keyfile " + pem.key(), "allow_anonymous true"),
                true);
    }

    private static Mosquitto launch(Path dir, String name, List<String> settings, boolean tls) {
        Path binary = Peers.require(Peer.MOSQUITTO);
        int port = Ports.free();
        // "user root" keeps a broker started by root from dropping to the mosquitto user, who could not read the
        // test's files; mosquitto ignores it when not root
        var conf = new ArrayList<>(List.of(
                "user root",
                "listener " + port + " 127.0.0.1",
                "persistence false",
                "max_queued_messages 1000000",
                "max_inflight_messages 100",
                "log_dest stderr",
                "log_type error",
                "log_type warning"));
        conf.addAll(settings);
        Path file = dir.resolve(name + "-" + port + ".conf");
        try {
            Files.writeString(file, String.join("\n", conf) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        var process = PeerProcess.start(name, List.of(binary.toString(), "-c", file.toString()), port, Map.of(), dir);
        return new Mosquitto(process.awaitPort(START_TIMEOUT), tls);
    }

    public int port() {
        return process.port();
    }

    /** {@code tcp://127.0.0.1:PORT}, or {@code ssl://…} for the TLS broker. */
    public URI uri() {
        return URI.create((tls ? "ssl" : "tcp") + "://127.0.0.1:" + port());
    }

    /** What the broker logged (errors and warnings). */
    public List<String> output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
        try {
            process.process().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
