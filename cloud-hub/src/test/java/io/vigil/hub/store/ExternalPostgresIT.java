package io.vigil.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import io.vigil.hub.store.schema.Migrator;
import io.vigil.hub.store.schema.TimeSeriesLayout;
import io.vigil.testing.DebianPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub, unchanged, against an external PostgreSQL (Debian's 15, not the embedded 18): it migrates the schema as a
 * non-superuser owning its database, ingests Sparkplug data and answers the REST series query from it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExternalPostgresIT {
    @TempDir
    Path dataDir;

    @Test
    void hubMigratesIngestsAndAnswersSeriesQueriesOnDebianPostgres15() throws Exception {
        try (var pg = DebianPostgres.start("su-secret")) {
            String admin = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres&password=su-secret";
            try (var c = DriverManager.getConnection(admin);
                    var st = c.createStatement()) {
                st.execute("CREATE ROLE vigil LOGIN PASSWORD 'hub p&ss'");
                st.execute("CREATE DATABASE vigil OWNER vigil");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/vigil?user=vigil&password=hub%20p%26ss";
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600);
            try (var hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.of(url)));
                    var agent = TestAgent.connect(hub.mqttUri(), "edge-ext")) {
                agent.nodeBirth(1);
                agent.deviceBirth(
                        "pump-ext", List.of(new MetricDef("flow", "l/min")), Map.of("protocol", "modbus-tcp"));
                var samples = new ArrayList<Sample>();
                for (int i = 0; i < 120; i++) {
                    samples.add(Sample.good("flow", t0.plusSeconds(i), i));
                }
                agent.publishData("pump-ext", new AssetData(samples, List.of(), List.of()));

                assertThat(hub.layout()).isEqualTo(TimeSeriesLayout.Kind.PLAIN);
                assertThat(Db.string(url, "SHOW server_version")).startsWith("15.");
                assertThat(Db.count(url, "SELECT max(version) FROM schema_version"))
                        .isEqualTo(new Migrator()
                                .migrations()
                                .get(new Migrator().migrations().size() - 1)
                                .version());
                var body = new JsonObject(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(hub.httpUri()
                                                .resolve("/api/v1/series?tag=pump-ext/flow&from=" + t0 + "&to="
                                                        + t0.plusSeconds(120) + "&step=1m"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                var points = body.getJsonArray("points");
                assertThat(points).hasSize(2);
                assertThat(points.getJsonObject(0).getLong("n")).isEqualTo(60);
                assertThat(points.getJsonObject(0).getDouble("avg")).isEqualTo(29.5);
                assertThat(points.getJsonObject(1).getDouble("last")).isEqualTo(119.0);
            }
        }
    }
}
