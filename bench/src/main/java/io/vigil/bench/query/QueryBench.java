package io.vigil.bench.query;

import io.vigil.bench.JdbcScalar;
import io.vigil.core.hub.HubSettings;
import io.vigil.hub.Hub;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.rollup.RollupSettings;
import io.vigil.hub.store.rollup.RollupSource;
import io.vigil.hub.store.rollup.Rollups;
import io.vigil.hub.store.write.SampleCopy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The query benchmark: a hub in this process on a fresh embedded PostgreSQL, {@code hours} of 1 Hz samples for
 * {@code series} series COPYed straight into {@code samples} in time order (as ingest writes them), one dirty range
 * for all of it, the rollup job run until it has caught up, then timed one-series queries over the loaded range at
 * step 1 min: REST (the product path, rollups), {@link HubQueries#samplePoints} (rollups) and
 * {@link HubQueries#rawSamplePoints} (raw), alternating so the three see the same cache state.
 */
final class QueryBench {
    private static final int COPY_ROWS = 100_000;
    private static final Duration STEP = Duration.ofMinutes(1);

    record Settings(int series, int hours, int queries, int warmup, Optional<Path> dataDir) {
        Settings {
            if (series < 1 || hours < 1 || queries < 1 || warmup < 0) {
                throw new IllegalArgumentException("series, hours and queries must be positive and warmup not"
                        + " negative, got " + series + ", " + hours + ", " + queries + ", " + warmup);
            }
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    QueryBench(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    Map<String, Object> run() throws Exception {
        Path dir = settings.dataDir().orElse(null);
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("vigil-bench-query-");
        }
        try (Hub hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dir, Optional.empty()))) {
            return measure(hub);
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    private Map<String, Object> measure(Hub hub) throws Exception {
        String url = hub.jdbcUrl();
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofHours(settings.hours()));
        long rows = (long) settings.series() * settings.hours() * 3600;
        progress.printf(
                "loading %,d rows (%d series x %d h at 1 Hz) by binary COPY ...%n",
                rows, settings.series(), settings.hours());
        long t = System.nanoTime();
        int firstId = load(url, from);
        double loadS = seconds(t);
        progress.printf("loaded in %.1f s (%,.0f rows/s)%n", loadS, rows / loadS);

        var ds = new PGSimpleDataSource();
        ds.setURL(url);
        t = System.nanoTime();
        long minutes = 0;
        var rollups = new Rollups(ds, Clock.systemUTC(), RollupSettings.eager());
        while (dirtyRanges(url) > 0) { // the hub's own job may hold the lock for a pass: go again
            var pass = rollups.refresh();
            minutes += pass.minutes();
            if (pass.dirtyRangesConsumed() == 0) {
                Thread.sleep(200);
            }
        }
        double rollupS = seconds(t);
        progress.printf("rolled up %,d minute buckets in %.1f s%n", minutes, rollupS);

        try (var pool = new ConnectionPool(ds, 2, "bench")) {
            var queries = new HubQueries(pool, Optional.of(RollupSource.PLAIN));
            var http = HttpClient.newHttpClient();
            var random = new Random(1);
            IntFunction<Integer> id = i -> firstId + random.nextInt(settings.series());
            var rest = new long[settings.queries()];
            var viaRollups = new long[settings.queries()];
            var raw = new long[settings.queries()];
            long[] buckets = new long[3];
            for (int i = -settings.warmup(); i < settings.queries(); i++) {
                int s = id.apply(i);
                long a = System.nanoTime();
                buckets[0] = rest(http, hub.httpUri(), s - firstId, from, to);
                long b = System.nanoTime();
                buckets[1] = queries.samplePoints(s, from, to, STEP).size();
                long c = System.nanoTime();
                List<Point> r = queries.rawSamplePoints(s, from, to, STEP);
                long d = System.nanoTime();
                buckets[2] = r.size();
                if (buckets[0] != buckets[2] || buckets[1] != buckets[2]) {
                    throw new IllegalStateException("bucket counts differ: " + Arrays.toString(buckets));
                }
                if (i >= 0) {
                    rest[i] = b - a;
                    viaRollups[i] = c - b;
                    raw[i] = d - c;
                }
            }
            var m = new LinkedHashMap<String, Object>();
            m.put("bench", "query");
            m.put("rest_rollup_p50_ms", ms(rest, 0.50));
            m.put("rest_rollup_p99_ms", ms(rest, 0.99));
            m.put("rollup_p50_ms", ms(viaRollups, 0.50));
            m.put("rollup_p99_ms", ms(viaRollups, 0.99));
            m.put("raw_p50_ms", ms(raw, 0.50));
            m.put("raw_p99_ms", ms(raw, 0.99));
            m.put("raw_over_rollup_p50", Math.round(ms(raw, 0.5) / ms(viaRollups, 0.5) * 10) / 10.0);
            m.put("buckets_per_query", buckets[2]);
            m.put("series", settings.series());
            m.put("hours", settings.hours());
            m.put("rows", rows);
            m.put("queries", settings.queries());
            m.put("load_s", Math.round(loadS * 10) / 10.0);
            m.put("load_rows_per_s", Math.round(rows / loadS));
            m.put("rollup_s", Math.round(rollupS * 10) / 10.0);
            m.put("database_mb", JdbcScalar.longValue(url, "SELECT pg_database_size(current_database()) / 1048576"));
            m.put("database", "PostgreSQL " + JdbcScalar.string(url, "SHOW server_version") + " (embedded)");
            m.put("cpus", Runtime.getRuntime().availableProcessors());
            m.put(
                    "load_average",
                    Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
            return m;
        }
    }

    /** Creates the series and COPYs their samples in time order; returns the first series id. */
    private int load(String url, Instant from) throws SQLException {
        int n = settings.series();
        try (Connection c = DriverManager.getConnection(url)) {
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO assets (id, agent, status, updated_at) VALUES ('bench', 'bench', 'offline',"
                        + " now())");
                st.execute("INSERT INTO series (asset, tag) SELECT 'bench', 's' || g FROM generate_series(0, " + (n - 1)
                        + ") g ORDER BY g");
            }
            int firstId = (int) JdbcScalar.longValue(url, "SELECT min(id) FROM series WHERE asset = 'bench'");
            c.setAutoCommit(false);
            var copy = new SampleCopy();
            long startMicros = from.getEpochSecond() * 1_000_000L;
            long seconds = settings.hours() * 3600L;
            var random = new Random(7);
            double[] level = new double[n];
            for (long sec = 0; sec < seconds; sec++) {
                for (int s = 0; s < n; s++) {
                    level[s] += random.nextGaussian();
                    copy.add(firstId + s, startMicros + sec * 1_000_000L, level[s], 192);
                    if (copy.rows() == COPY_ROWS) {
                        copy.copyInto(c, "samples");
                        c.commit();
                        copy.clear();
                    }
                }
                if (sec % 3600 == 3599) {
                    progress.printf("  %d of %d hours%n", (sec + 1) / 3600, settings.hours());
                }
            }
            if (!copy.isEmpty()) {
                copy.copyInto(c, "samples");
            }
            try (var st = c.createStatement()) {
                st.execute(
                        "INSERT INTO rollup_dirty (lo, hi, at) SELECT min(ts), max(ts), now() - interval '1 day' FROM samples");
                st.execute("ANALYZE samples");
            }
            c.commit();
            return firstId;
        }
    }

    private static long rest(HttpClient http, URI base, int series, Instant from, Instant to) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(base.resolve(
                                "/api/v1/series?tag=bench/s" + series + "&from=" + from + "&to=" + to + "&step=1m"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("REST answered " + response.statusCode() + ": " + response.body());
        }
        String body = response.body();
        return body.split("\"t\":", -1).length - 1L;
    }

    private static double ms(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, i)] / 1e4) / 100.0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long dirtyRanges(String url) throws SQLException {
        return JdbcScalar.longValue(url, "SELECT count(*) FROM rollup_dirty");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
