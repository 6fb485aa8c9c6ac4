package io.vigil.hub.cluster;

import io.vigil.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code vigil hub --cluster} in its own JVM, started from the test class path through the picocli entry point,
 * with its output in a log file; stopped by its own process handle ({@link #kill} sends SIGKILL).
 */
final class HubNode implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path log;
    private final int httpPort;
    private Process process;

    HubNode(String name, Path dir, URI broker, String db, int clusterPort, int peerPort) throws IOException {
        this(
                name,
                dir,
                broker,
                db,
                List.of(
                        "--writers",
                        "1",
                        "--share-group",
                        "vigil",
                        "--cluster",
                        "--cluster-port",
                        String.valueOf(clusterPort),
                        "--cluster-members",
                        "127.0.0.1:" + peerPort));
    }

    /** A hub in broker mode with client id {@code name} and the given further options (no cluster unless asked). */
    HubNode(String name, Path dir, URI broker, String db, List<String> options) throws IOException {
        this.name = name;
        this.log = dir.resolve(name + ".log");
        this.httpPort = Ports.free();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.vigil.core.cli.VigilCli",
                "hub",
                "--auth",
                "off",
                "--http-port",
                String.valueOf(httpPort),
                "--broker",
                broker.toString(),
                "--client-id",
                name,
                "--db",
                db));
        command.addAll(options);
    }

    /** Starts the JVM (again, with the same client id, after a kill); see {@link #awaitRunning}. */
    HubNode start() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    /** Waits for the "hub running" line of this run (the n-th in the log); throws with the log tail otherwise. */
    void awaitRunning(int run, long timeoutSeconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log)
                    && Files.readAllLines(log).stream()
                                    .filter(l -> l.contains("hub running"))
                                    .count()
                            >= run) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not start: " + tail());
    }

    URI live() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/api/v1/live");
    }

    URI metrics() {
        return URI.create("http://127.0.0.1:" + httpPort + "/metrics");
    }

    /** SIGKILL (what {@link Process#destroyForcibly} sends on Linux); returns the exit status, 137 for SIGKILL. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    Stream<String> logLines(String containing) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(containing));
    }

    String tail() throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
