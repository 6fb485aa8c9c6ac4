package io.vigil.hub.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's database: an external PostgreSQL/TimescaleDB given by JDBC URL, or an embedded PostgreSQL (zonky) whose
 * files live in {@code DATA_DIR/pg} and survive restarts.
 *
 * <p>zonky turns {@code synchronous_commit} and {@code fsync} off to make tests fast; the hub turns both back on,
 * because it acknowledges an MQTT message only after its rows are committed, and committed must mean on disk.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String DB_NAME = "vigil";

    /**
     * Less free space than this and the embedded PostgreSQL cannot start (it writes its lock and pid files, and may
     * need a fresh WAL segment of 16 MB): say so at once instead of after the start timeout.
     */
    static final long START_MIN_FREE = 16L << 20;

    private final DataSource dataSource;
    private final String jdbcUrl;
    private final Path embeddedDir;
    private volatile EmbeddedPostgres embedded;
    private volatile Optional<ProcessHandle> postmaster;
    private volatile boolean closed;
    private String lastRestartFailure;

    private Database(String jdbcUrl, EmbeddedPostgres embedded, Path embeddedDir) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
        this.embeddedDir = embeddedDir;
        this.dataSource = dataSource(jdbcUrl);
        this.postmaster = embedded == null ? Optional.empty() : postmasterOf(embeddedDir);
    }

    /** Connects to {@code url} when present, else starts the embedded PostgreSQL in {@code dataDir/pg}. */
    public static Database open(Optional<String> url, Path dataDir) {
        return url.map(Database::external).orElseGet(() -> embedded(dataDir));
    }

    public static Database external(String url) {
        var db = new Database(url, null, null);
        db.check();
        return db;
    }

    public static Database embedded(Path dataDir) {
        Path dir = dataDir.resolve("pg").toAbsolutePath();
        EmbeddedPostgres pg = startEmbedded(dir, 0);
        try {
            createDatabaseIfMissing(pg);
        } catch (RuntimeException e) {
            ConnectionPool.closeQuietly(pg);
            throw e;
        }
        log.info("embedded PostgreSQL running on 127.0.0.1:{} with data in {}", pg.getPort(), dir);
        return new Database(url(pg.getPort(), DB_NAME), pg, dir);
    }

    /** Starts zonky on {@code dir}; {@code port} 0 picks a free one, a restart passes the old one (the URL has it). */
    private static EmbeddedPostgres startEmbedded(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            checkSpace(dir);
            OrphanedPostmaster.recover(dir, Duration.ofSeconds(30));
            var builder = EmbeddedPostgres.builder();
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on") // zonky starts postgres with -F (fsync off); -c fsync=on wins
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (StoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            checkSpace(dir); // a disk that filled while PostgreSQL started is the likelier cause: name it
            throw new StoreException(
                    "cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage()
                            + " (another hub using the same --data-dir? as root, is 'unshare -U' allowed here?"
                            + " or pass --db with an external PostgreSQL)",
                    e);
        }
    }

    private static void checkSpace(Path dir) {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return; // the start itself will say what is wrong with dir
        }
        if (free < START_MIN_FREE) {
            throw new StoreException(
                    "no space left on device for the embedded PostgreSQL in " + dir + ": " + (free >> 10)
                            + " KB free, it needs at least " + (START_MIN_FREE >> 20) + " MB; free space and start"
                            + " again",
                    null);
        }
    }

    private static Optional<ProcessHandle> postmasterOf(Path dir) {
        try {
            return OrphanedPostmaster.running(dir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Restarts the embedded PostgreSQL if its postmaster has died (killed, or stopped by a full disk), on the same
     * port so every connection URL stays valid; a restart that fails (the disk still full) is tried again at the next
     * call. Returns true while the postmaster runs. External databases are someone else's to restart: always true.
     */
    public synchronized boolean keepAlive() {
        if (embedded == null || closed) {
            return true;
        }
        if (postmaster.map(ProcessHandle::isAlive).orElse(false)) {
            return true;
        }
        int port = embedded.getPort();
        try {
            ConnectionPool.closeQuietly(embedded); // releases zonky's lock; its stop fails quietly on a dead server
            embedded = startEmbedded(embeddedDir, port);
            postmaster = postmasterOf(embeddedDir);
            lastRestartFailure = null;
            log.warn("embedded PostgreSQL had stopped; restarted it on 127.0.0.1:{}", port);
            return true;
        } catch (RuntimeException e) {
            if (!e.getMessage().equals(lastRestartFailure)) {
                log.error("embedded PostgreSQL has stopped and does not restart (retrying): {}", e.getMessage());
                lastRestartFailure = e.getMessage();
            }
            return false;
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres pg) {
        var admin = dataSource(url(pg.getPort(), "postgres"));
        try (var c = admin.getConnection();
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DB_NAME);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + DB_NAME);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot create database '" + DB_NAME + "' in the embedded PostgreSQL", e);
        }
    }

    private static String url(int port, String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=postgres";
    }

    private static DataSource dataSource(String url) {
        var ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setApplicationName("vigil-hub");
        ds.setConnectTimeout(5);
        ds.setTcpKeepAlive(true);
        return ds;
    }

    private void check() {
        try (var c = dataSource.getConnection()) {
            log.info("connected to external database {}", describe());
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL, credentials included (for tools and tests; log {@link #describe()} instead). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The URL with any password masked, for logs. */
    public String describe() {
        return (embedded == null ? "" : "embedded ") + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException | RuntimeException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
