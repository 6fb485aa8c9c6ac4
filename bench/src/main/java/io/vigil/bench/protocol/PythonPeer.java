package io.vigil.bench.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python script of this package run with Debian's {@code /usr/bin/python3} (the interpreter that has
 * {@code python3-pymodbus}; another {@code python3} first on the PATH may not). The script is copied out of the jar
 * into a temporary directory; the process is stopped by its own handle.
 */
final class PythonPeer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private PythonPeer(Process process) {
        this.process = process;
        this.reader = new Thread(this::drain, "python-peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails with the command that installs pymodbus when {@code /usr/bin/python3} cannot import it. */
    static void requirePymodbus() {
        String hint = "this benchmark needs Debian's pymodbus 3.0.0 for " + PYTHON
                + ": apt-get install -y python3-pymodbus (./vigil test installs it)";
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(PYTHON + " not found; " + hint);
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import pymodbus.client, pymodbus.server")
                    .redirectErrorStream(true)
                    .start();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException(PYTHON + " cannot import pymodbus (" + lastLine(said) + "); " + hint);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON + ": " + e.getMessage() + "; " + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking pymodbus", e);
        }
    }

    /** Starts {@code script} (a resource next to this class) with the arguments; output is collected line by line. */
    static PythonPeer start(Path workDir, String script, String... args) {
        Path file = extract(workDir, script);
        var command = new ArrayList<String>(List.of(PYTHON, "-u", file.toString()));
        command.addAll(List.of(args));
        try {
            return new PythonPeer(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:port, failing with the peer's output if it exits. */
    void awaitPort(int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Python peer exited: " + String.join("\n", output));
            }
            try (var ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("the Python peer did not listen on " + port + " within " + START_TIMEOUT);
    }

    /** Waits for the script to end and returns its last output line (where the scripts print their JSON). */
    String awaitLastLine(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the Python script did not finish within " + timeout);
            }
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Python script", e);
        }
        synchronized (output) {
            return output.isEmpty() ? "" : output.get(output.size() - 1);
        }
    }

    /** The process's CPU time so far, when the platform reports it. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
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

    private static Path extract(Path workDir, String script) {
        Path target = workDir.resolve(script);
        try (InputStream in = PythonPeer.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("resource " + script + " is missing from the bench jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static String lastLine(String text) {
        int cut = text.lastIndexOf('\n');
        return cut < 0 ? text : text.substring(cut + 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
