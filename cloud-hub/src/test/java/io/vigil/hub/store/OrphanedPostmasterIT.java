package io.vigil.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 3: after {@code kill -9} of a hub its embedded PostgreSQL lived on, and the next start on the same
 * data directory waited 60 s and failed ("another hub using the same --data-dir?"); only a second start worked.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class OrphanedPostmasterIT {
    @TempDir
    Path dataDir;

    @Test
    void theFirstStartAfterAKilledHubStopsItsOrphanedPostgresAndStarts() throws Exception {
        Process hub = DatabaseInChildProcess.start(dataDir);
        Path pg = dataDir.resolve("pg").toAbsolutePath();
        var orphan = OrphanedPostmaster.running(pg).orElseThrow();
        hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(orphan.isAlive()).as("PostgreSQL outlives a killed hub").isTrue();

        long start = System.nanoTime();
        try (var db = Database.embedded(dataDir);
                var c = db.dataSource().getConnection();
                var rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
            assertThat(orphan.isAlive()).isFalse();
        }
    }

    @Test
    void aStartNextToALiveHubFailsAtOnceSayingSo() throws Exception {
        Process hub = DatabaseInChildProcess.start(dataDir);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Database.embedded(dataDir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("another hub is running with the same --data-dir");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(OrphanedPostmaster.running(dataDir.resolve("pg").toAbsolutePath()))
                    .as("the live hub's PostgreSQL is left alone")
                    .isPresent();
        } finally {
            hub.destroy(); // SIGTERM: the JVM exits; its PostgreSQL is stopped by the next line's recovery
            hub.waitFor(10, TimeUnit.SECONDS);
            OrphanedPostmaster.recover(dataDir.resolve("pg").toAbsolutePath(), Duration.ofSeconds(30));
        }
    }
}
