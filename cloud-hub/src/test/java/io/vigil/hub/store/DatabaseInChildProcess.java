package io.vigil.hub.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The database part of a hub in a JVM of its own, for tests that kill it: opens the embedded PostgreSQL in the
 * directory given as the only argument, prints {@code ready}, and waits to be killed.
 */
public final class DatabaseInChildProcess {
    private DatabaseInChildProcess() {}

    public static void main(String[] args) throws InterruptedException {
        Database.embedded(Path.of(args[0]));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Starts one on {@code dataDir} with this JVM's class path and waits (bounded) for it to say ready. Its output goes
     * to a file, so a full pipe can never stall it (or the PostgreSQL whose log it relays).
     */
    static Process start(Path dataDir) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("vigil-child-db", ".log");
        var process = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DatabaseInChildProcess.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(log).lines().anyMatch("ready"::equals)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the child hub database never got ready:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return process;
    }
}
