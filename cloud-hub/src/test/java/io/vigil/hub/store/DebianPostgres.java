package io.vigil.hub.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway cluster of Debian's PostgreSQL 15 ({@code apt-get install postgresql}, which {@code ./vigil test}
 * installs) on 127.0.0.1 and a free port, with password authentication over TCP. initdb refuses to run as root, so
 * as root every server command runs as the {@code postgres} user through {@code runuser}. Stopped by {@code pg_ctl
 * stop -m fast} on its own data directory; the directory is then removed.
 */
final class DebianPostgres implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final Path data;
    private final int port;

    private DebianPostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Starts a cluster whose superuser {@code postgres} has {@code password}; skips the test when it cannot. */
    static DebianPostgres start(String password) throws Exception {
        assumeTrue(
                Files.isExecutable(BIN.resolve("initdb")),
                "Debian's PostgreSQL 15 is not installed (apt-get install -y postgresql; ./vigil test does it)");
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(
                !root || Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "running as root without runuser: initdb refuses root");
        Path dir = Files.createTempDirectory("vigil-pg15-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
        var pg = new DebianPostgres(dir, freePort());
        try {
            pg.run(
                    "initdb",
                    "-D",
                    pg.data.toString(),
                    "-U",
                    "postgres",
                    "--pwfile=" + pwfile,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--no-sync");
            pg.run(
                    "pg_ctl",
                    "-D",
                    pg.data.toString(),
                    "-l",
                    dir.resolve("log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-c listen_addresses=127.0.0.1 -p " + pg.port + " -c unix_socket_directories=" + dir
                            + " -c fsync=off",
                    "start");
            return pg;
        } catch (Exception | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<String>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
        }
        cmd.add(BIN.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve(tool + ".out");
        var p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish within 90 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(tool + " failed (" + p.exitValue() + "): " + Files.readString(out));
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
