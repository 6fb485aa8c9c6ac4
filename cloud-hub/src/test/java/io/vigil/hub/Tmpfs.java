package io.vigil.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted for one test ({@code mount -t tmpfs -o size=N}), so a full disk can be reproduced
 * without filling the machine's. Needs root (the tests here run as root); without it the test fails naming what is
 * missing rather than skipping. Unmounted (lazily, so a process still holding a file cannot leak the mount) on close.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    public static Tmpfs mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0755", "tmpfs", dir.toString());
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a file until the file system is full (or {@code bytes} are written); returns the file. */
    public Path fill(String name, long bytes) throws IOException {
        Path f = dir.resolve(name);
        var chunk = new byte[1 << 20];
        long written = 0;
        try (var out = Files.newOutputStream(f)) {
            while (written < bytes) {
                int n = (int) Math.min(chunk.length, bytes - written);
                out.write(chunk, 0, n);
                written += n;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return f;
    }

    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed (the full-disk tests need root for"
                    + " a size-limited tmpfs): " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
