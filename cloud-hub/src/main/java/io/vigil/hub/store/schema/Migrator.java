package io.vigil.hub.store.schema;

import io.vigil.hub.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the SQL files under {@code db/migration/} (listed in order in {@code db/migration/index.txt}, because a jar
 * cannot be listed portably) whose version is above the highest one recorded in {@code schema_version}. Everything
 * runs in one transaction under an advisory lock, so two hubs starting against one database cannot both migrate, and
 * a failed migration leaves the schema as it was.
 */
public final class Migrator {
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    private static final long LOCK_KEY = 0x76696769L; // "vigi"

    /** One migration file. */
    public record Migration(int version, String description, String file) {}

    private final String folder;

    public Migrator() {
        this("db/migration");
    }

    Migrator(String folder) {
        this.folder = folder;
    }

    /** Applies the pending migrations and returns their versions (empty when the schema is current). */
    public List<Integer> migrate(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Integer> applied = migrate(c);
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("schema migration failed, nothing was changed: " + e.getMessage(), e);
        }
    }

    private List<Integer> migrate(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
                    + " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        int current = currentVersion(c);
        var applied = new ArrayList<Integer>();
        for (Migration m : migrations()) {
            if (m.version() > current) {
                apply(c, m);
                applied.add(m.version());
            }
        }
        return applied;
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void apply(Connection c, Migration m) throws SQLException {
        log.info("applying schema migration {} ({})", m.version(), m.file());
        try (var st = c.createStatement()) {
            st.execute(read(folder + "/" + m.file()));
        }
        try (var ps = c.prepareStatement("INSERT INTO schema_version (version, description) VALUES (?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.executeUpdate();
        }
    }

    /** The migrations in the order of the index, checked to be strictly increasing. */
    public List<Migration> migrations() {
        var list = new ArrayList<Migration>();
        for (String line : read(folder + "/index.txt").split("\\R")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            var m = NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration file name '" + file + "' is not V<number>__<words>.sql");
            }
            var migration = new Migration(Integer.parseInt(m.group(1)), m.group(2), file);
            if (!list.isEmpty() && list.get(list.size() - 1).version() >= migration.version()) {
                throw new IllegalStateException("migration " + file + " is out of order in " + folder + "/index.txt");
            }
            list.add(migration);
        }
        return list;
    }

    private static String read(String resource) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
