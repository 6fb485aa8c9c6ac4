package io.vigil.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.sample.ValueType;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import io.vigil.hub.store.schema.TimeSeriesLayout;
import io.vigil.testing.Await;
import io.vigil.testing.DebianPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
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
 * The hub, unchanged, on Debian's PostgreSQL 15 with TimescaleDB 2.28 built in: preloaded, the agent's data goes end to
 * end into hypertables and the series API (JSON and CSV) answers the same before and after the chunks are compressed;
 * installed but not preloaded (a common state of a shared server), the hub starts on its plain layout.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TimescaleHubIT {
    private static final String PASSWORD = "ts-secret";

    @TempDir
    Path dataDir;

    @Test
    void ingestsIntoHypertablesAndAnswersJsonAndCsvAlikeBeforeAndAfterCompression() throws Exception {
        try (var pg = DebianPostgres.startWithTimescale(PASSWORD)) {
            String url = pg.jdbcUrl("postgres") + "?user=postgres&password=" + PASSWORD;
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
            try (var hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.of(url)));
                    var agent = TestAgent.connect(hub.mqttUri(), "edge-ts")) {
                assertThat(hub.layout()).isEqualTo(TimeSeriesLayout.Kind.TIMESCALE);
                agent.nodeBirth(1);
                agent.deviceBirth(
                        "pump-ts",
                        List.of(new MetricDef("flow", "l/min"), new MetricDef("state", "", ValueType.STRING)),
                        Map.of("protocol", "modbus-tcp"));
                var samples = new ArrayList<Sample>();
                for (int i = 0; i < 7200; i++) {
                    samples.add(
                            i % 600 == 0
                                    ? Sample.text("state", t0.plusSeconds(i), i < 3600 ? "RUN" : "STOP", Quality.GOOD)
                                    : Sample.good("flow", t0.plusSeconds(i), (i * 37) % 101 - 50.5));
                }
                byte[] data = agent.deviceData(new AssetData(samples, List.of(), List.of()));
                agent.publish(agent.topic(MessageType.DDATA, "pump-ts"), data);
                agent.publish(agent.topic(MessageType.DDATA, "pump-ts"), data); // redelivered after a lost ack

                Await.until(
                        "7188 samples and 12 text samples stored",
                        Duration.ofSeconds(30),
                        () -> Db.count(url, "SELECT count(*) FROM samples") >= 7188
                                && Db.count(url, "SELECT count(*) FROM samples_text") >= 12);
                Thread.sleep(500); // a second copy of the batch would land now; the counts below must not move
                assertThat(Db.count(url, "SELECT count(*) FROM samples")).isEqualTo(7188);
                assertThat(Db.count(url, "SELECT count(*) FROM samples_text")).isEqualTo(12);
                assertThat(
                                Db.count(
                                        url,
                                        "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'samples'"))
                        .isPositive();

                String range = "&from=" + t0 + "&to=" + t0.plus(Duration.ofHours(2));
                List<String> queries = List.of(
                        "/api/v1/series?tag=pump-ts/flow&step=1m" + range,
                        "/api/v1/series?tag=pump-ts/flow&step=1h" + range,
                        "/api/v1/series.csv?tag=pump-ts/flow&step=1m" + range,
                        "/api/v1/series.csv?tag=pump-ts/flow&step=1h" + range,
                        "/api/v1/series.csv?tag=pump-ts/state&step=10m" + range);
                var before = new ArrayList<String>();
                for (String q : queries) {
                    before.add(get(hub.httpUri(), q));
                }
                assertThat(before.get(3).lines()).hasSize(3); // header + two hours
                assertThat(before.get(4)).contains("RUN", "STOP");

                try (var c = DriverManager.getConnection(url);
                        var st = c.createStatement()) {
                    st.execute("SELECT compress_chunk(c, if_not_compressed => TRUE) FROM show_chunks('samples') c");
                }
                assertThat(Db.count(
                                url,
                                "SELECT count(*) FROM chunk_compression_stats('samples')"
                                        + " WHERE compression_status = 'Compressed'"))
                        .isPositive();

                for (int i = 0; i < queries.size(); i++) {
                    assertThat(get(hub.httpUri(), queries.get(i)))
                            .as(queries.get(i))
                            .isEqualTo(before.get(i));
                }
            }
        }
    }

    @Test
    void startsOnPlainTablesWhenTimescaleIsInstalledButNotPreloaded() throws Exception {
        try (var pg = DebianPostgres.start(PASSWORD)) {
            String url = pg.jdbcUrl("postgres") + "?user=postgres&password=" + PASSWORD;
            assertThat(Db.count(url, "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'"))
                    .as("the state under test: TimescaleDB installed in this PostgreSQL")
                    .isEqualTo(1);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600);
            try (var hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.of(url)));
                    var agent = TestAgent.connect(hub.mqttUri(), "edge-np")) {
                assertThat(hub.layout()).isEqualTo(TimeSeriesLayout.Kind.PLAIN);
                agent.nodeBirth(1);
                agent.deviceBirth("pump-np", List.of(new MetricDef("flow", "l/min")), Map.of("protocol", "modbus-tcp"));
                var samples = new ArrayList<Sample>();
                for (int i = 0; i < 60; i++) {
                    samples.add(Sample.good("flow", t0.plusSeconds(i), i));
                }
                agent.publishData("pump-np", new AssetData(samples, List.of(), List.of()));

                Await.until(
                        "60 samples stored",
                        Duration.ofSeconds(30),
                        () -> Db.count(url, "SELECT count(*) FROM samples") == 60);
                assertThat(Db.string(url, "SELECT relkind::text FROM pg_class WHERE relname = 'samples'"))
                        .isEqualTo("p");
                assertThat(Db.count(url, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"))
                        .isZero();
            }
        }
    }

    private static String get(URI base, String path) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
