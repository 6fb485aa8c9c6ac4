package io.vigil.edge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.adapters.sim.FaultInterval;
import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.PumpModel;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.HubTotals;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.json.Json;
import io.vigil.edge.agent.Agent;
import io.vigil.edge.agent.AgentStats;
import io.vigil.edge.config.AgentConfig;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.TrainRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo. Parts start in dependency order (hub, model, plant, agent) and stop in reverse, so the agent
 * flushes its buffer into a hub that is still up and the summary counts only what the hub committed.
 */
final class DemoRun {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final String MARKER = ".vigil-demo";
    private static final Duration STEP = Duration.ofMillis(500);
    private static final int WINDOW = 20;
    private static final int TRAINING_ROWS = 3_600;

    record Options(
            Optional<Duration> duration,
            int httpPort,
            int mqttPort,
            double speed,
            long seed,
            Path dataDir,
            Duration statusEvery) {}

    private final Options options;
    private final PrintWriter out;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile HubTotals lastTotals = new HubTotals(0, 0, 0);

    DemoRun(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    int run() throws Exception {
        Path dir = prepareDataDir(options.dataDir());
        var shutdownHook = new Thread(this::onSignal, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            HubTotals totals;
            // the hub first: a port in use is reported before any work is done
            try (RunningHub hub = startHub(dir.resolve("hub"))) {
                Path modelDir = trainModel(dir.resolve("models").resolve("pump-ae"));
                registerModel(hub, modelDir);
                try (PlantSimulator plant = startPlant();
                        Agent agent = startAgent(dir, hub, plant, modelDir)) {
                    Instant started = clock.instant();
                    printBanner(hub, plant, started);
                    waitForStop(hub, agent, started);
                    agent.close();
                    totals = settle(hub);
                    reportAnomalies(hub, plant, started);
                }
            }
            // after every part has stopped (and logged that it did), so the summary is the last line
            out.printf(
                    "summary samples=%d windows=%d anomalies=%d%n",
                    totals.samples(), totals.windows(), totals.anomalies());
            out.flush();
            return ExitCodes.OK;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it waits on 'stopped', released above
            }
        }
    }

    /** Ctrl-C or SIGTERM: ask the run to stop and give it time to print its summary. */
    private void onSignal() {
        stopRequested.countDown();
        try {
            stopped.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path prepareDataDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean ours = Files.exists(dir.resolve(MARKER));
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!ours && !empty) {
                throw new UsageException("--data-dir " + dir + " exists and was not made by 'vigil demo'" + " (no "
                        + MARKER + " file); choose an empty or new directory");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "working directory of 'vigil demo'; emptied at every start\n");
        return dir;
    }

    /** The demo model's training: normal rows of the simulated pumps, seed {@code seed + 1000}. */
    static TrainRequest request(String version, long seed) {
        double[][] rows = PumpModel.normalRows(seed + 1_000, TRAINING_ROWS, STEP);
        return new TrainRequest(
                "pump-ae",
                version,
                PumpTags.ids(),
                WINDOW,
                1,
                rows,
                "vigil demo: synthetic pump, normal operation, " + rows.length + " rows at " + STEP.toMillis()
                        + " ms, seed " + (seed + 1_000));
    }

    private Path trainModel(Path modelDir) {
        List<String> tags = PumpTags.ids();
        int rows = TRAINING_ROWS;
        out.printf(
                "vigil demo: training the pump anomaly model (MLP autoencoder, %d tags x %d rows window) on %d rows"
                        + " of normal pump data...%n",
                tags.size(), WINDOW, rows);
        out.flush();
        long t0 = System.nanoTime();
        var trainer = new AutoencoderTrainer(
                AutoencoderTrainer.Config.defaults().withSeed(options.seed()), (epoch, epochs, loss) -> {
                    if (epoch == epochs || epoch % 10 == 0) {
                        out.printf("  epoch %d/%d  loss %.5f%n", epoch, epochs, loss);
                        out.flush();
                    }
                });
        var request = request("1.0.0", options.seed());
        ModelPackage pkg = trainer.train(request, modelDir);
        out.printf(
                "vigil demo: model %s written to %s in %.1f s (threshold %.4f)%n",
                pkg.manifest().ref(),
                modelDir,
                (System.nanoTime() - t0) / 1e9,
                pkg.manifest().threshold());
        return modelDir;
    }

    /**
     * Puts the demo's model into the hub's registry as the promoted version, so a candidate pushed later has a version
     * to be compared with and rolled back to. A failure costs only that: the demo runs on.
     */
    private void registerModel(RunningHub hub, Path modelDir) {
        try {
            var http = HttpClient.newHttpClient();
            var upload = http.send(
                    HttpRequest.newBuilder(hub.httpUri().resolve("api/v1/models"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/zip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(PackageArchive.pack(modelDir)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var promote = http.send(
                    HttpRequest.newBuilder(hub.httpUri().resolve("api/v1/models/pump-ae/versions/1.0.0/promote"))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() / 100 != 2 || promote.statusCode() != 200) {
                LOG.warn(
                        "registering the demo model in the hub: {} {} / {}",
                        upload.statusCode(),
                        upload.body(),
                        promote.body());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("registering the demo model in the hub failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RunningHub startHub(Path hubDir) {
        out.println("vigil demo: starting the hub (embedded PostgreSQL, MQTT endpoint, REST, twin)...");
        out.flush();
        return HubLauncher.find()
                .start(new HubSettings("127.0.0.1", options.httpPort(), options.mqttPort(), hubDir, Optional.empty()));
    }

    private PlantSimulator startPlant() {
        var settings = new SimulatorSettings(
                SimulatorSettings.DEFAULT_HOST, 0, 0, 2, STEP, options.seed(), options.speed(), Optional.empty());
        return PlantSimulator.start(settings, clock);
    }

    private Agent startAgent(Path dir, RunningHub hub, PlantSimulator plant, Path modelDir) throws IOException {
        List<DeviceSpec> devices = List.of(plant.modbusDevice(1, STEP), plant.opcUaDevice(2, STEP));
        List<String> assets = devices.stream().map(DeviceSpec::asset).toList();
        Path file = AgentConfigWriter.write(
                dir.resolve("agent.yaml"),
                new AgentConfigWriter.URIHolder(
                        hub.mqttUri().toString(), hub.httpUri().toString()),
                devices,
                modelDir,
                assets);
        AgentConfig config = AgentConfig.read(file);
        return Agent.start(config, dir, clock);
    }

    private void printBanner(RunningHub hub, PlantSimulator plant, Instant started) {
        out.println();
        out.println("  Twin:     " + hub.httpUri());
        out.println("  API:      " + hub.httpUri().resolve("api/v1/health"));
        out.println("  MQTT:     " + hub.mqttUri() + "  (Sparkplug B)");
        out.println("  Modbus:   " + plant.modbusEndpoint() + "  (pump1)");
        out.println("  OPC UA:   " + plant.opcUaEndpoint() + "  (pump2)");
        out.println("  Faults injected (wall clock, both pumps):");
        Instant horizon = options.duration().map(started::plus).orElse(started.plus(Duration.ofMinutes(10)));
        plant.faultIntervals().stream()
                .filter(f -> f.start().isBefore(horizon))
                .limit(12)
                .forEach(f -> out.printf(
                        "    %-16s %s .. %s  (+%ds)%n",
                        f.kind(),
                        f.start().truncatedTo(ChronoUnit.SECONDS),
                        f.end().truncatedTo(ChronoUnit.SECONDS),
                        Duration.between(started, f.start()).toSeconds()));
        out.println(options.duration()
                .map(d -> "  Running for " + d.toSeconds() + " s; Ctrl-C stops early.")
                .orElse("  Running until Ctrl-C."));
        out.println();
        out.flush();
    }

    private void waitForStop(RunningHub hub, Agent agent, Instant started) throws InterruptedException {
        long deadline =
                options.duration().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        long every = options.statusEvery().toMillis();
        while (true) {
            long left = deadline == Long.MAX_VALUE ? every : (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || stopRequested.await(Math.min(every, left), TimeUnit.MILLISECONDS)) {
                return;
            }
            printStatus(hub, agent, started);
        }
    }

    private void printStatus(RunningHub hub, Agent agent, Instant started) {
        try {
            HubTotals t = hub.totals();
            lastTotals = t;
            AgentStats s = agent.stats();
            out.printf(
                    "[%4ds] samples stored %d, windows scored %d, anomalies %d | devices %d/%d up, hub %s, buffered %d%n",
                    Duration.between(started, clock.instant()).toSeconds(),
                    t.samples(),
                    t.windows(),
                    t.anomalies(),
                    s.devicesUp(),
                    s.devices().size(),
                    s.hubConnected() ? "connected" : "DISCONNECTED",
                    s.buffered());
            out.flush();
        } catch (RuntimeException e) {
            out.println("status unavailable: " + e.getMessage());
            out.flush();
        }
    }

    /**
     * Waits (at most 10 s) until the hub's committed counts stop changing after the agent's final flush. On Ctrl-C the
     * embedded PostgreSQL may already be stopping (its own shutdown hook, or the terminal's SIGINT reaching it); then
     * the last counts read are reported, and said to be so.
     */
    private HubTotals settle(RunningHub hub) throws InterruptedException {
        try {
            HubTotals last = hub.totals();
            for (int i = 0; i < 20; i++) {
                Thread.sleep(500);
                HubTotals now = hub.totals();
                if (now.equals(last)) {
                    return now;
                }
                last = now;
            }
            LOG.warn("hub counts were still changing after 10 s; reporting the last reading");
            return last;
        } catch (RuntimeException e) {
            out.println("vigil demo: the database stopped before the final count (" + e.getMessage()
                    + "); the summary shows the last counts read");
            return lastTotals;
        }
    }

    /** Prints how many anomaly events fell inside an injected fault (or one window after it) and how many outside. */
    private void reportAnomalies(RunningHub hub, PlantSimulator plant, Instant started) {
        try {
            List<Instant> times = anomalyTimes(hub, started);
            Duration grace = STEP.multipliedBy(WINDOW);
            List<FaultInterval> faults = plant.faultIntervals();
            int inside = 0;
            var outside = new ArrayList<Instant>();
            for (Instant t : times) {
                boolean hit = faults.stream()
                        .anyMatch(f ->
                                !t.isBefore(f.start()) && !t.isAfter(f.end().plus(grace)));
                if (hit) {
                    inside++;
                } else {
                    outside.add(t);
                }
            }
            out.printf(
                    "anomalies: %d inside injected fault intervals (or within one window after), %d outside"
                            + " (false alarms)%s%n",
                    inside, outside.size(), outside.isEmpty() ? "" : " at " + outside);
        } catch (IOException | RuntimeException e) {
            out.println("anomaly report unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    private static List<Instant> anomalyTimes(RunningHub hub, Instant since) throws IOException, InterruptedException {
        URI uri = hub.httpUri()
                .resolve("api/v1/events?type=anomaly&from="
                        + URLEncoder.encode(since.minusSeconds(60).toString(), StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        var times = new ArrayList<Instant>();
        for (JsonNode e : Json.mapper().readTree(response.body())) {
            times.add(Instant.parse(e.get("time").asText()));
        }
        return times;
    }
}
