package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.TestAgent;
import io.vigil.hub.store.write.Change;
import io.vigil.hub.store.write.ChangeWriter;
import io.vigil.hub.store.write.CopyMode;
import io.vigil.hub.store.write.Presence;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The COPY ingest path against a real embedded PostgreSQL: two writers in {@link CopyMode#STAGED} (the default
 * {@link CopyMode#DIRECT} hub is exercised by {@code HubIngestIT}) and deliberately small queues (2,000 rows per
 * writer, 500 rows per transaction) so that back-pressure engages with a few thousand samples.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CopyIngestIT {
    private static final int QUEUE_ROWS = 2_000;

    @TempDir
    static Path dataDir;

    static Hub hub;
    static String db;

    @BeforeAll
    static void startHub() {
        hub = Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.empty()))
                        .withIngest(new IngestSettings(2, QUEUE_ROWS, 500, CopyMode.STAGED)),
                Clock.systemUTC());
        db = hub.jdbcUrl();
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    private static long samples(String asset) {
        return Db.count(db, "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = ?", asset);
    }

    /** {@code n} samples of tag {@code flow}, one millisecond apart from {@code from}. */
    private static List<Sample> flow(Instant from, int n) {
        var list = new ArrayList<Sample>(n);
        for (int i = 0; i < n; i++) {
            list.add(Sample.good("flow", from.plusMillis(i), i * 0.5));
        }
        return list;
    }

    private static Change.DeviceData data(String asset, List<Sample> samples) {
        return new Change.DeviceData(
                "vigil", "edge-copy", asset, new AssetData(samples, List.of(), List.of()), Instant.now());
    }

    @ParameterizedTest
    @EnumSource(CopyMode.class)
    void commitsACopyBatchAndARedeliveredBatchAddsNoRow(CopyMode mode) {
        String asset = "pump-copy-" + mode.name().toLowerCase(Locale.ROOT);
        var ds = new PGSimpleDataSource();
        ds.setURL(db);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        var samples = new ArrayList<>(flow(t, 499));
        samples.add(Sample.bad("flow", t.plusMillis(499)));
        var first = data(asset, samples);

        try (var writer = new ChangeWriter(ds, Clock.systemUTC(), new Presence(), mode)) {
            assertThat(writer.commit(List.of(first)).samplesInserted()).isEqualTo(500);
            assertThat(samples(asset)).isEqualTo(500);

            var again = writer.commit(List.of(first, data(asset, flow(t, 10)), first));
            var more = writer.commit(List.of(data(asset, flow(t.plusMillis(500), 5))));

            assertThat(again.samplesInserted()).isZero();
            assertThat(more.samplesInserted()).isEqualTo(5);
        }
        assertThat(samples(asset)).isEqualTo(505);
        assertThat(Db.count(
                        db,
                        "SELECT count(*) FROM samples JOIN series s ON s.id = series_id"
                                + " WHERE s.asset = ? AND value IS NULL AND quality = 0",
                        asset))
                .isEqualTo(1);
        assertThat(Db.count(
                        db,
                        "SELECT count(*) FROM samples JOIN series s ON s.id = series_id"
                                + " WHERE s.asset = ? AND ts = ? AND value = 1.5 AND quality = 192",
                        asset,
                        OffsetDateTime.ofInstant(t.plusMillis(3), ZoneOffset.UTC)))
                .isEqualTo(1);
    }

    @Test
    void storesEveryPublishedSampleExactlyOnceAcrossWritersWhilePausingPublishers() throws Exception {
        int agents = 4;
        int messages = 40;
        int perMessage = 250;
        double pausesBefore = metric("vigil_ingest_pauses_total");
        double overloadBefore = metric("vigil_ingest_rejected_total{reason=\"overload\"}");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
        var pool = Executors.newFixedThreadPool(agents);
        try {
            var runs = new ArrayList<Future<Boolean>>();
            for (int a = 0; a < agents; a++) {
                String asset = "pump-once-" + a;
                runs.add(pool.submit((Callable<Boolean>) () -> {
                    try (var agent = TestAgent.connect(hub.mqttUri(), "edge-once-" + asset)) {
                        agent.nodeBirth(1);
                        var payloads = new ArrayList<byte[]>();
                        for (int m = 0; m < messages; m++) {
                            payloads.add(agent.deviceData(new AssetData(
                                    flow(t0.plusMillis((long) m * perMessage), perMessage), List.of(), List.of())));
                        }
                        // a redelivery of five messages, as after a lost PUBACK
                        for (int m = 0; m < 5; m++) {
                            payloads.add(payloads.get(m * 7));
                        }
                        agent.publishPipelined(agent.topic(MessageType.DDATA, asset), payloads, 50);
                        return agent.connected();
                    }
                }));
            }
            for (var run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS))
                        .as("connection still open")
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        for (int a = 0; a < agents; a++) {
            assertThat(samples("pump-once-" + a)).isEqualTo((long) messages * perMessage);
        }
        assertThat(Db.count(
                        db,
                        "SELECT count(*) FROM (SELECT DISTINCT series_id, ts FROM samples JOIN series s"
                                + " ON s.id = series_id WHERE s.asset LIKE 'pump-once-%') k"))
                .isEqualTo((long) agents * messages * perMessage);
        assertThat(metric("vigil_ingest_pauses_total"))
                .as("publishers paused by back-pressure")
                .isGreaterThan(pausesBefore);
        assertThat(metric("vigil_ingest_rejected_total{reason=\"overload\"}"))
                .as("no connection closed for overload")
                .isEqualTo(overloadBefore);
    }

    private static double metric(String prefix) throws Exception {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(l -> l.startsWith(prefix + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in /metrics"));
    }
}
