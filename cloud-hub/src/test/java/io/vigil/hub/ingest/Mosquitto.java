package io.vigil.hub.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto} on a free loopback port with its own configuration (anonymous, in-memory, queues raised
 * for load), stopped by its PID. {@link #available()} is false where the binary is not installed.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public static Mosquitto start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "listener " + port + " 127.0.0.1",
                        "allow_anonymous true",
                        "persistence false",
                        "max_queued_messages 1000000",
                        "max_inflight_messages 100",
                        "log_dest stderr",
                        "log_type error",
                        "log_type warning",
                        ""));
        var process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        var m = new Mosquitto(process, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return m;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                            + Files.readString(dir.resolve("mosquitto.log")));
                }
                Thread.sleep(20);
            }
        }
        m.close();
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    public URI uri() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
