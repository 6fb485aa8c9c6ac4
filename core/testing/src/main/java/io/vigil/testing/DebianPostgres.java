package io.vigil.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * A throwaway cluster of Debian's PostgreSQL 15 on 127.0.0.1 and a free port, with password authentication over TCP
 * and fsync off (the cluster dies with the test). initdb refuses to run as root, so as root every server command runs
 * as the {@code postgres} user through {@code runuser}. Stopped by {@code pg_ctl stop -m fast} on its own data
 * directory, which is then removed.
 */
public final class DebianPostgres implements AutoCloseable {
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;

    private DebianPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Starts a cluster whose superuser {@code postgres} has {@code password}. */
    public static DebianPostgres start(String password) throws Exception {
        return start(password, "");
    }

    /**
     * Starts a cluster with TimescaleDB preloaded (telemetry off: the tests, like plants, have no internet). The
     * extension is only available, not created: each database enables it itself, as the hub does.
     */
    public static DebianPostgres startWithTimescale(String password) throws Exception {
        Peers.require(Peer.TIMESCALEDB);
        return start(password, " -c shared_preload_libraries=timescaledb -c timescaledb.telemetry_level=off");
    }

    private static DebianPostgres start(String password, String serverOptions) throws Exception {
        Path bin = Peers.require(Peer.POSTGRESQL_15);
        if (root() && !Files.isExecutable(RUNUSER)) {
            throw new AssertionFailedError("running as root without " + RUNUSER + ": initdb refuses root"
                    + " (apt-get install -y util-linux)");
        }
        Path dir = Files.createTempDirectory("vigil-pg15-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
        var pg = new DebianPostgres(bin, dir, Ports.free());
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
                            + " -c fsync=off" + serverOptions,
                    "start");
            return pg;
        } catch (Exception | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/database}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<String>();
        if (root()) {
            cmd.addAll(List.of(RUNUSER.toString(), "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
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
