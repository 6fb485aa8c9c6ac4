package io.vigil.bench.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.bench.JdbcScalar;
import io.vigil.core.hub.HubSettings;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.IngestSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end ingest benchmark: a hub in this process (embedded PostgreSQL in a temporary directory, free ports),
 * first raw binary COPY into its database ({@link CopyProbe}), then simulated agents ({@link LoadAgent}) publishing
 * Sparkplug B DDATA at QoS 1 for the duration; then it counts what the database holds against what was published and
 * acknowledged.
 */
final class IngestBench {
    private final IngestBenchSettings settings;
    private final PrintStream progress;

    IngestBench(IngestBenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    IngestResult run() throws Exception {
        Path dir = settings.dataDir().orElse(null);
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("vigil-bench-ingest-");
        }
        var ingest = IngestSettings.DEFAULT
                .withWriters(settings.writers())
                .withBatchRows(settings.batchRows())
                .withCopyMode(settings.copyMode());
        var broker = settings.broker()
                .map(b -> new BrokerSettings(
                        b,
                        Optional.empty(),
                        "vigil-bench-" + System.currentTimeMillis(),
                        settings.brokerSessions(),
                        // the broker forgets the benchmark's sessions (and stops queueing for them) soon after
                        Duration.ofMinutes(1),
                        settings.brokerReceiveMaximum()));
        var config = HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, dir, settings.db()))
                .withIngest(ingest);
        try (Hub hub = Hub.start(broker.map(config::withBroker).orElse(config), Clock.systemUTC())) {
            var cpu = CpuMeter.of(settings.db().isPresent() ? Optional.empty() : Optional.of(dir.resolve("pg")));
            return measure(hub, cpu);
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    private IngestResult measure(Hub hub, CpuMeter cpu) throws Exception {
        String url = hub.jdbcUrl();
        if (JdbcScalar.longValue(url, "SELECT count(*) FROM samples") > 0) {
            throw new IllegalStateException("the database already holds samples; the benchmark needs an empty one"
                    + " (use a fresh --data-dir or --db)");
        }
        String database = JdbcScalar.string(
                url,
                "SELECT 'PostgreSQL ' || current_setting('server_version')"
                        + " || ', synchronous_commit=' || current_setting('synchronous_commit')"
                        + " || ', fsync=' || current_setting('fsync')");
        progress.printf("raw binary COPY into %s for %s ...%n", database, human(settings.copyDuration()));
        var copy = CopyProbe.run(
                url, settings.copyDuration(), settings.connections() * settings.tags(), settings.batchRows(), cpu);
        progress.printf(
                "raw COPY: %,.0f rows/s (%,d rows in %.1f s; CPU: JVM %.1f s, PostgreSQL %.1f s)%n",
                copy.rowsPerSecond(), copy.rows(), copy.seconds(), copy.jvmCpu(), copy.postgresCpu());

        Vertx vertx = Vertx.vertx();
        var agents = new ArrayList<LoadAgent>();
        try {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
            for (int i = 0; i < settings.connections(); i++) {
                agents.add(
                        new LoadAgent(vertx, i, settings.tags(), settings.stampsPerMessage(), settings.inFlight(), t0));
            }
            await(Future.all(agents.stream().map(a -> a.connect(hub.mqttUri())).toList()), 30);
            progress.printf(
                    "%d agents connected; publishing %d samples per DDATA, %d in flight each, for %s%n",
                    agents.size(), settings.samplesPerMessage(), settings.inFlight(), human(settings.duration()));
            double[] before = cpu.read();
            double seconds = load(agents);
            if (settings.broker().isPresent()) {
                seconds += drain(hub, ackedSamples(agents));
            }
            double[] after = cpu.read();
            return count(hub, database, copy, agents, seconds, after[0] - before[0], after[1] - before[1]);
        } finally {
            for (var a : agents) {
                a.disconnect();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Publishes for the duration, stops, waits for every acknowledgement; returns the seconds all that took. */
    private double load(List<LoadAgent> agents) throws Exception {
        long start = System.nanoTime();
        agents.forEach(LoadAgent::start);
        long end = start + settings.duration().toNanos();
        long every = settings.progressEvery().toNanos();
        long next = start + every;
        long lastAcked = 0;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= next) {
                long acked = ackedSamples(agents);
                progress.printf(
                        "[%4.0fs] acked %,d samples, %,.0f/s over the last %s%n",
                        (now - start) / 1e9,
                        acked,
                        (acked - lastAcked) / (every / 1e9),
                        human(settings.progressEvery()));
                lastAcked = acked;
                next += every;
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(200, (Math.min(end, next) - now) / 1_000_000)));
        }
        await(Future.all(agents.stream().map(LoadAgent::stop).toList()), 120);
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * With a broker, a PUBACK says the broker has the message, not the database: wait until the hub has stored what
     * the broker acknowledged (or nothing more arrives for 10 s), printing progress every 5 s; returns the seconds
     * waited. Progress comes from the hub's own {@code vigil_samples_committed_total} (a scrape of /metrics), not from
     * {@code count(*)}, which would scan tens of millions of rows every poll and slow down the database being
     * measured; one {@code count(*)} confirms at the end.
     */
    private double drain(Hub hub, long acked) throws Exception {
        long start = System.nanoTime();
        long last = -1;
        long lastChange = start;
        long lastReport = start;
        long reported = committedOr(hub, 0);
        progress.printf("draining the broker's backlog: %,d acknowledged samples to store%n", acked);
        while (true) {
            long stored = committedOr(hub, Math.max(last, 0));
            long now = System.nanoTime();
            if (stored >= acked && JdbcScalar.longValue(hub.jdbcUrl(), "SELECT count(*) FROM samples") >= acked) {
                break;
            }
            if (stored != last) {
                last = stored;
                lastChange = now;
            } else if (now - lastChange > TimeUnit.SECONDS.toNanos(10)) {
                progress.printf(
                        "the hub stored nothing more for 10 s (%,d of %,d acknowledged samples)%n", stored, acked);
                break;
            }
            if (now - lastReport >= TimeUnit.SECONDS.toNanos(5)) {
                double rate = (stored - reported) / ((now - lastReport) / 1e9);
                progress.printf(
                        "[drain %4.0fs] stored %,d of %,d acknowledged samples, %,.0f/s over the last 5 s%n",
                        (now - start) / 1e9, stored, acked, rate);
                lastReport = now;
                reported = stored;
            }
            TimeUnit.MILLISECONDS.sleep(stored >= acked ? 2_000 : 500);
        }
        double waited = (System.nanoTime() - start) / 1e9;
        progress.printf("the hub drained the broker's backlog in %.1f s%n", waited);
        return waited;
    }

    /** {@link #committed}, or {@code otherwise} when the hub does not answer in time (said on the progress stream). */
    private long committedOr(Hub hub, long otherwise) throws Exception {
        try {
            return committed(hub);
        } catch (IOException slow) {
            // a hub too busy to answer /metrics in 5 s is a finding, not a reason to abandon the run
            progress.printf("the hub did not answer /metrics: %s; still waiting%n", slow);
            return otherwise;
        }
    }

    private static final HttpClient METRICS_CLIENT = HttpClient.newHttpClient();

    /** {@code vigil_samples_committed_total} from the hub's /metrics. */
    private static long committed(Hub hub) throws Exception {
        String body = METRICS_CLIENT
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var m = Pattern.compile("(?m)^vigil_samples_committed_total(?:\\{[^}]*})? ([0-9.E+]+)$")
                .matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("the hub's /metrics has no vigil_samples_committed_total");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private IngestResult count(
            Hub hub,
            String database,
            CopyProbe.Result copy,
            List<LoadAgent> agents,
            double seconds,
            double jvmCpu,
            double postgresCpu)
            throws SQLException {
        String url = hub.jdbcUrl();
        progress.println("counting rows ...");
        long published = 0;
        long acked = 0;
        long lost = 0;
        long outOfOrder = 0;
        var latency = new Histogram(60_000_000L, 3);
        try (var c = DriverManager.getConnection(url);
                var ps = c.prepareStatement("SELECT count(*) FROM samples JOIN series s ON s.id = samples.series_id"
                        + " WHERE s.asset = ? AND samples.ts < ?")) {
            for (var a : agents) {
                published += a.sent() * a.samplesPerMessage();
                long ackedHere = a.acked() * a.samplesPerMessage();
                acked += ackedHere;
                outOfOrder += a.outOfOrder();
                latency.add(a.latencies());
                ps.setString(1, a.asset());
                ps.setObject(2, OffsetDateTime.ofInstant(a.boundary(a.acked()), ZoneOffset.UTC));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    lost += Math.max(0, ackedHere - rs.getLong(1));
                }
            }
        }
        long stored = JdbcScalar.longValue(url, "SELECT count(*) FROM samples");
        return new IngestResult(
                settings,
                database,
                seconds,
                copy,
                jvmCpu,
                postgresCpu,
                published,
                acked,
                stored,
                lost,
                Math.max(0, stored - published),
                outOfOrder,
                latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99),
                latency.getMaxValue());
    }

    private static long ackedSamples(List<LoadAgent> agents) {
        return agents.stream().mapToLong(a -> a.acked() * a.samplesPerMessage()).sum();
    }

    private static <T> T await(Future<T> f, int seconds) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("vigil bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
