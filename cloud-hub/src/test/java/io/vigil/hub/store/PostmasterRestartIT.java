package io.vigil.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21, item 6: after {@code kill -9} of the embedded postmaster, PostgreSQL was never restarted. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostmasterRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void aKilledPostmasterIsRestartedOnTheSamePortSoTheSameUrlWorks() throws Exception {
        try (var db = Database.embedded(dataDir)) {
            Path pg = dataDir.resolve("pg").toAbsolutePath();
            var first = OrphanedPostmaster.running(pg).orElseThrow();
            assertThat(db.keepAlive()).as("alive: nothing to do").isTrue();
            assertThat(OrphanedPostmaster.running(pg)).contains(first);

            first.destroyForcibly();
            first.onExit().get(10, TimeUnit.SECONDS);

            assertThat(db.keepAlive()).isTrue();
            var second = OrphanedPostmaster.running(pg).orElseThrow();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            try (var c = db.dataSource().getConnection();
                    var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_database")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
