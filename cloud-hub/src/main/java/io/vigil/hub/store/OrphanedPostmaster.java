package io.vigil.hub.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops an embedded PostgreSQL that outlived its hub. The postmaster runs as its own daemon, so a hub killed
 * with {@code kill -9} leaves it running on the data directory; the next start then fails, since PostgreSQL allows one
 * postmaster per directory.
 *
 * <p>Whether the postmaster still has a hub is told by the lock file zonky keeps in the data directory while it runs
 * ({@code epg-lock}): the operating system drops that lock when its process dies, however it dies. So a lock we can
 * take with a live postmaster named in {@code postmaster.pid} (same directory, a {@code postgres} binary) means an
 * orphan, which is stopped with a fast shutdown (SIGINT: sessions rolled back, a checkpoint, then exit); a lock we
 * cannot take means a live hub, and starting fails at once instead of after PostgreSQL's start timeout.
 */
final class OrphanedPostmaster {
    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final String ZONKY_LOCK = "epg-lock";

    private OrphanedPostmaster() {}

    /** Stops a postmaster of {@code dir} that no hub owns; throws if a live hub owns {@code dir}. */
    static void recover(Path dir, Duration stopTimeout) {
        Path lockFile = dir.resolve(ZONKY_LOCK);
        if (!Files.exists(lockFile)) {
            return; // never started here, or stopped cleanly
        }
        try (var channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel, dir)) {
            running(dir).ifPresent(pm -> stop(pm, dir, stopTimeout));
        } catch (IOException e) {
            throw new StoreException("cannot check " + lockFile + " for another hub: " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM runs a hub on dir already
        }
        if (lock == null) {
            throw new StoreException(
                    "another hub is running with the same --data-dir: its embedded PostgreSQL holds " + dir, null);
        }
        return lock;
    }

    /** The postmaster {@code dir/postmaster.pid} names, if that process is alive and is PostgreSQL on {@code dir}. */
    static Optional<ProcessHandle> running(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !sameDirectory(Path.of(lines.get(1).trim()), dir)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty(); // a torn file: PostgreSQL itself will judge it at start
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info()
                .command()
                .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                .orElse(false));
    }

    private static boolean sameDirectory(Path named, Path dir) {
        try {
            return Files.isSameFile(named, dir);
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(ProcessHandle postmaster, Path dir, Duration timeout) {
        log.warn(
                "an embedded PostgreSQL (pid {}) is still running on {} without its hub (was the hub killed?);"
                        + " stopping it before starting again",
                postmaster.pid(),
                dir);
        signal(postmaster, "-INT");
        if (!awaitExit(postmaster, timeout)) {
            log.warn("PostgreSQL pid {} ignored a fast shutdown for {}; killing it", postmaster.pid(), timeout);
            postmaster.destroyForcibly(); // PostgreSQL recovers from its WAL at the next start
            if (!awaitExit(postmaster, Duration.ofSeconds(10))) {
                throw new StoreException(
                        "cannot stop the orphaned PostgreSQL pid " + postmaster.pid() + " on " + dir
                                + "; stop it by hand",
                        null);
            }
        }
        log.info("orphaned PostgreSQL pid {} stopped", postmaster.pid());
    }

    /** Java signals only TERM and KILL; a fast shutdown needs INT, so ask kill(1). */
    private static void signal(ProcessHandle p, String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(p.pid()))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            p.destroy(); // no kill(1): SIGTERM, a smart shutdown, still ends an orphan whose sessions are gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
