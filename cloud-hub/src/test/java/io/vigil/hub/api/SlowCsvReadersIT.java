package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.Db;
import io.vigil.hub.Hub;
import io.vigil.hub.TestAgent;
import io.vigil.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 1: eight clients that ask for a big CSV export and then read nothing held all eight read connections,
 * so {@code /api/v1/series} answered 503 {@code db.unavailable} and health said the database was down. The slow readers
 * are raw sockets with a 1 KB receive buffer that never read past the status line: the export (≈ 18 MB) fills the
 * socket buffers and its worker waits on the client, holding its connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowCsvReadersIT {
    private static final int ROWS = 400_000;

    @TempDir
    static Path dataDir;

    static Hub hub;
    static final HttpClient http = HttpClient.newHttpClient();
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    final List<Socket> readers = new ArrayList<>();

    @BeforeAll
    static void startHubWithABigSeries() throws Exception {
        hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dataDir, Optional.empty()));
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-slow")) {
            agent.nodeBirth(1);
            agent.deviceBirth("pump-slow", List.of(new MetricDef("flow", "l/min")), Map.of());
            agent.publishData("pump-slow", new AssetData(List.of(Sample.good("flow", T0, 0)), List.of(), List.of()));
        }
        Await.until(
                "the first sample stored",
                Duration.ofSeconds(20),
                () -> Db.count(hub.jdbcUrl(), "SELECT count(*) FROM samples") == 1);
        // a million-sample series through MQTT would cost the shared build machine a minute; SQL makes it in a second
        try (var c = DriverManager.getConnection(hub.jdbcUrl());
                var st = c.createStatement()) {
            st.execute("INSERT INTO samples SELECT s.series_id, s.ts + g * interval '1 millisecond', g, s.quality"
                    + " FROM (SELECT series_id, ts, quality FROM samples LIMIT 1) s, generate_series(1, " + ROWS
                    + ") g");
        }
    }

    @AfterEach
    void closeReaders() throws IOException {
        for (var s : readers) {
            s.close();
        }
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void eightSlowReadersOfOneClientGetTwoExportsAndQueriesStillAnswer() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(slowExport());
        }

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(ExportLimits.DEFAULT.perUser());
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(8 - ExportLimits.DEFAULT.perUser());
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            var r = get("/api/v1/series?tag=pump-slow/flow&from=" + T0 + "&to=" + T0.plusSeconds(400) + "&step=10s");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        var health = get("/api/v1/health");
        assertThat(health.body()).contains("\"db\":{\"status\":\"ok\"");
    }

    @Test
    void anExportWhoseClientReadsNothingIsCutAfterTheIdleTimeoutAndFreesItsSlot() throws Exception {
        assertThat(slowExport()).isEqualTo(200);
        assertThat(slowExport()).isEqualTo(200);
        assertThat(slowExport()).as("both slots of this client are taken").isEqualTo(429);

        long deadline = System.nanoTime()
                + ExportLimits.DEFAULT.idleTimeout().plusSeconds(20).toNanos();
        int status = 429;
        while (status == 429 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            status = slowExport();
        }
        assertThat(status).as("a slot came free once the idle exports were cut").isEqualTo(200);
        assertThat(readers.get(0).getInputStream().readAllBytes().length)
                .as("the cut export's connection is closed, not left hanging")
                .isGreaterThan(0);
    }

    /** Asks for the whole series at 1 ms buckets and reads only the status line; the socket stays open. */
    private int slowExport() throws IOException {
        var s = new Socket();
        readers.add(s);
        s.setReceiveBufferSize(1024);
        s.setSoTimeout(15_000);
        s.connect(new InetSocketAddress("127.0.0.1", hub.httpUri().getPort()));
        String path = "/api/v1/series.csv?tag=pump-slow/flow&from=" + T0 + "&to=" + T0.plusSeconds(401) + "&step=1ms";
        s.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String line = statusLine(s.getInputStream());
        return Integer.parseInt(line.split(" ")[1]);
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(hub.httpUri() + path.substring(1)))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
