package io.vigil.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * A peer running as a process of its own: its output collected line by line (for the failure message when it dies,
 * and for tests that check what it logged), waits for it to listen or to say it is ready, and a stop by its own
 * process handle and its children's, never by name.
 */
public final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private PeerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.reader = new Thread(this::drain, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command} with stdout and stderr merged; {@code port} is where it will listen (0 when it does not,
     * or when the caller waits on something else), {@code environment} is added to this JVM's.
     */
    public static PeerProcess start(
            String name, List<String> command, int port, Map<String, String> environment, Path workDir) {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        try {
            return new PeerProcess(name, builder.start(), port);
        } catch (IOException e) {
            throw new AssertionFailedError(
                    "cannot start the " + name + " peer (" + String.join(" ", command) + "): " + e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    /** The port it listens on, as given at start. */
    public int port() {
        return port;
    }

    /** What it printed so far, one entry a line. */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Waits until something accepts TCP connections on 127.0.0.1:{@link #port()}; fails with its output otherwise. */
    public PeerProcess awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw died();
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                pause();
            }
        }
        close();
        throw new AssertionFailedError(name + " peer did not listen on " + port + " within " + timeout.toSeconds()
                + " s: " + String.join("\n", output()));
    }

    /** Waits for a line starting with {@code prefix} (for peers on UDP, where there is nothing to connect to). */
    public PeerProcess awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().stream().anyMatch(l -> l.startsWith(prefix))) {
                return this;
            }
            if (!process.isAlive()) {
                throw died();
            }
            pause();
        }
        close();
        throw new AssertionFailedError(name + " peer did not print '" + prefix + "' within " + timeout.toSeconds()
                + " s: " + String.join("\n", output()));
    }

    /** Waits for the process to end and returns its last output line (where scripts print their result). */
    public String awaitLastLine(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionFailedError(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for " + name, e);
        }
        var lines = output();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The process's CPU time so far, when the platform reports it. */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Stops it and its children (npm-started servers fork), politely, then by force after 3 s. */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(ProcessHandle::destroy);
        handle.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private AssertionFailedError died() {
        try {
            reader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new AssertionFailedError(
                name + " peer exited with " + process.exitValue() + ": " + String.join("\n", output()));
    }

    private void drain() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
            }
        } catch (IOException stopped) {
            // the process ended
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for a peer", e);
        }
    }
}
