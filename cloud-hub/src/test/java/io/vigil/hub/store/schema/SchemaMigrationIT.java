package io.vigil.hub.store.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import io.vigil.hub.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database on a fresh data dir, then again on the same dir: schema, durability settings, data kept. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SchemaMigrationIT {
    @TempDir
    Path dataDir;

    @Test
    void migratesAFreshDataDirAndIsANoOpOnRestart() {
        try (var db = Database.embedded(dataDir)) {
            assertThat(new Migrator().migrate(db.dataSource())).containsExactlyElementsOf(allVersions());
            assertThat(new Migrator().migrate(db.dataSource())).isEmpty();
            assertThat(Db.string(db.jdbcUrl(), "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(Db.string(db.jdbcUrl(), "SHOW fsync")).isEqualTo("on");
            assertThat(TimeSeriesLayout.apply(db.dataSource())).isEqualTo(TimeSeriesLayout.Kind.PLAIN);
            assertThat(Db.count(db.jdbcUrl(), "SELECT count(*) FROM pg_indexes WHERE indexname = 'samples_ts_brin'"))
                    .isEqualTo(1);
        }
        try (var db = Database.embedded(dataDir)) {
            assertThat(new Migrator().migrate(db.dataSource())).isEmpty();
            assertThat(Db.count(db.jdbcUrl(), "SELECT max(version) FROM schema_version"))
                    .isEqualTo(allVersions().get(allVersions().size() - 1).longValue());
            assertThat(Db.string(db.jdbcUrl(), "SHOW synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void aRestartedHubKeepsItsDataAndShowsAssetsOfflineUntilTheyRebirth() throws Exception {
        var settings = new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.empty());
        try (var hub = Hub.start(settings);
                var agent = TestAgent.connect(hub.mqttUri(), "edge-r")) {
            agent.nodeBirth(1);
            agent.deviceBirth("pump-r", List.of(new MetricDef("flow", "l/min")), Map.of("protocol", "s7"));
            agent.publishData(
                    "pump-r", new AssetData(List.of(Sample.good("flow", Instant.now(), 5.5)), List.of(), List.of()));
            assertThat(hub.totals().samples()).isEqualTo(1);
        }
        try (var hub = Hub.start(settings)) {
            assertThat(hub.totals().samples()).isEqualTo(1);
            assertThat(Db.count(
                            hub.jdbcUrl(), "SELECT count(*) FROM assets WHERE id = 'pump-r' AND status = 'offline'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void connectsToAnExternalDatabaseByUrl() {
        try (var embedded = Database.embedded(dataDir);
                var external = Database.external(embedded.jdbcUrl())) {
            assertThat(new Migrator().migrate(external.dataSource())).containsExactlyElementsOf(allVersions());
            assertThat(external.describe()).doesNotContain("embedded");
        }
    }

    /** Every migration in the index, so a new one (V2 storage, V3 models) needs no edit here. */
    private static List<Integer> allVersions() {
        return new Migrator()
                .migrations().stream().map(Migrator.Migration::version).toList();
    }
}
