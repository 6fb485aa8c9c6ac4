package io.vigil.hub;

import io.vigil.hub.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s database options: {@link DatabaseSettings}. */
final class DatabaseOptions {
    @Option(
            names = "--data-dir",
            description = "Where the embedded PostgreSQL keeps its files (kept across restarts).",
            defaultValue = ".vigil/hub")
    Path dataDir;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description =
                    "External PostgreSQL/TimescaleDB, e.g. jdbc:postgresql://db:5432/vigil?user=vigil&password=..."
                            + " (default: the embedded PostgreSQL in --data-dir).")
    String db;

    @Option(
            names = "--db-user",
            paramLabel = "NAME",
            description = "With --db: the database user (instead of user=... in the URL).")
    String dbUser;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            description = "With --db: a file whose first line is the database password (instead of password=... in the"
                    + " URL, which other users of this machine can see in the process list).")
    Path dbPasswordFile;

    @Option(
            names = "--disk-min-free",
            paramLabel = "MB",
            description = "Health raises the disk alarm when the file system of --data-dir has less free space than"
                    + " this (default: ${DEFAULT-VALUE} MB).",
            defaultValue = "512")
    long diskMinFreeMb;

    DatabaseSettings settings() {
        if (diskMinFreeMb < 0) {
            throw new IllegalArgumentException("--disk-min-free " + diskMinFreeMb + " must not be negative");
        }
        return new DatabaseSettings(dataDir, dbUrl(), diskMinFreeMb << 20);
    }

    /** {@code --db} with {@code --db-user} and the password from {@code --db-password-file} added as URL parameters. */
    Optional<String> dbUrl() {
        if (db == null) {
            if (dbUser != null || dbPasswordFile != null) {
                throw new IllegalArgumentException("--db-user and --db-password-file need --db");
            }
            return Optional.empty();
        }
        var url = new StringBuilder(db);
        if (dbUser != null) {
            url.append(db.contains("?") ? '&' : '?').append("user=").append(encode(dbUser));
        }
        if (dbPasswordFile != null) {
            String password;
            try (var lines = Files.lines(dbPasswordFile)) {
                password = lines.findFirst().orElse("");
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException("--db-password-file " + dbPasswordFile + " cannot be read: " + e);
            }
            url.append(url.indexOf("?") >= 0 ? '&' : '?').append("password=").append(encode(password));
        }
        return Optional.of(url.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
