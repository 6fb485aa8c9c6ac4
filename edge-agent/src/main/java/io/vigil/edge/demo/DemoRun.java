package io.vigil.edge.demo;

import io.vigil.adapters.sim.FaultInterval;
import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.PumpModel;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.adapters.sim.SimulatorSettings;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.HubTotals;
import io.vigil.core.hub.RunningHub;
import io.vigil.edge.agent.Agent;
import io.vigil.edge.config.AgentConfig;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.TrainRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo. Parts start in dependency order (hub, model, plant, agent) and stop in reverse, so the agent
 * flushes its buffer into a hub that is still up and the summary counts only what the hub committed. The
 * {@link DemoWorkspace} holds the files, the {@link DemoHubClient} talks to the hub, the {@link DemoConsole} to the
 * person running it.
 */
final class DemoRun {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final Duration STEP = Duration.ofMillis(500);
    private static final int WINDOW = 20;
    private static final int TRAINING_ROWS = 3_600;
    private static final int FEDERATED_AGENTS = 3;
    private static final int FEDERATED_MIN_WINDOWS = 10;

    record Options(
            Optional<Duration> duration,
            int httpPort,
            int mqttPort,
            double speed,
            long seed,
            Path dataDir,
            Duration statusEvery,
            boolean federated) {}

    private final Options options;
    private final DemoConsole console;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile HubTotals lastTotals = new HubTotals(0, 0, 0);

    DemoRun(Options options, PrintWriter out) {
        this.options = options;
        this.console = new DemoConsole(out);
    }

    int run() throws Exception {
        Path dir = DemoWorkspace.prepare(options.dataDir());
        var shutdownHook = new Thread(this::onSignal, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            HubTotals totals;
            // the hub first: a port in use is reported before any work is done
            try (RunningHub hub = startHub(dir.resolve("hub"))) {
                var hubClient = new DemoHubClient(hub);
                Path modelDir = trainModel(dir.resolve("models").resolve("pump-ae"));
                hubClient.registerModel(modelDir);
                try (PlantSimulator plant = startPlant()) {
                    List<Agent> agents = startAgents(dir, hub, plant, modelDir);
                    try {
                        Instant started = clock.instant();
                        console.banner(hub, plant, started, options.duration());
                        if (options.federated()) {
                            federatedRound(hub, agents);
                        }
                        waitForStop(hub, agents.get(0), started);
                        agents.forEach(Agent::close);
                        totals = settle(hub);
                        reportAnomalies(hubClient, plant, started);
                    } finally {
                        agents.forEach(Agent::close);
                    }
                }
            }
            // after every part has stopped (and logged that it did), so the summary is the last line
            console.summary(totals);
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
        console.training(PumpTags.ids().size(), WINDOW, TRAINING_ROWS);
        long t0 = System.nanoTime();
        var trainer =
                new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withSeed(options.seed()), console::epoch);
        ModelPackage pkg = trainer.train(request("1.0.0", options.seed()), modelDir);
        console.trained(pkg, modelDir, (System.nanoTime() - t0) / 1e9);
        return modelDir;
    }

    private RunningHub startHub(Path hubDir) {
        console.startingHub();
        return HubLauncher.find()
                .start(new HubSettings("127.0.0.1", options.httpPort(), options.mqttPort(), hubDir, Optional.empty()));
    }

    private PlantSimulator startPlant() {
        var settings = new SimulatorSettings(
                SimulatorSettings.DEFAULT_HOST,
                0,
                0,
                options.federated() ? FEDERATED_AGENTS : 2,
                STEP,
                options.seed(),
                options.speed(),
                Optional.empty());
        return PlantSimulator.start(settings, clock);
    }

    /** One agent on pumps 1 (Modbus) and 2 (OPC UA); with --federated, one agent per pump, each over Modbus. */
    private List<Agent> startAgents(Path dir, RunningHub hub, PlantSimulator plant, Path modelDir) throws IOException {
        if (!options.federated()) {
            return List.of(startAgent(
                    dir, "demo-edge", hub, List.of(plant.modbusDevice(1, STEP), plant.opcUaDevice(2, STEP)), modelDir));
        }
        var agents = new ArrayList<Agent>();
        try {
            for (int i = 1; i <= FEDERATED_AGENTS; i++) {
                Path agentDir = Files.createDirectories(dir.resolve("agent-" + i));
                agents.add(startAgent(agentDir, "demo-edge-" + i, hub, List.of(plant.modbusDevice(i, STEP)), modelDir));
            }
        } catch (IOException | RuntimeException e) {
            agents.forEach(Agent::close);
            throw e;
        }
        return agents;
    }

    private Agent startAgent(Path dir, String id, RunningHub hub, List<DeviceSpec> devices, Path modelDir)
            throws IOException {
        List<String> assets = devices.stream().map(DeviceSpec::asset).toList();
        Path file = AgentConfigWriter.write(
                dir.resolve("agent.yaml"),
                id,
                new AgentConfigWriter.URIHolder(
                        hub.mqttUri().toString(), hub.httpUri().toString()),
                devices,
                modelDir,
                assets);
        AgentConfig config = AgentConfig.read(file);
        return Agent.start(config, dir, clock);
    }

    /**
     * Waits (bounded by --duration) until every agent holds {@link #FEDERATED_MIN_WINDOWS} windows it scored normal,
     * then runs one round with the operator's own command, {@code vigil fl start pump-ae --watch}, printing its lines.
     */
    private void federatedRound(RunningHub hub, List<Agent> agents) throws InterruptedException {
        long deadline =
                options.duration().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        while (agents.stream().anyMatch(a -> a.trainingWindows("pump-ae") < FEDERATED_MIN_WINDOWS)) {
            if (System.nanoTime() > deadline || stopRequested.await(500, TimeUnit.MILLISECONDS)) {
                console.line("federated round: not started, the agents hold too few normal windows yet");
                return;
            }
        }
        // the agents register their keys on their first registry poll; give them one interval more
        if (stopRequested.await(3, TimeUnit.SECONDS)) {
            return;
        }
        console.line("federated round: every agent holds " + FEDERATED_MIN_WINDOWS
                + "+ normal windows; vigil fl start pump-ae --watch");
        new picocli.CommandLine(new io.vigil.model.cli.FlCommand())
                .setOut(console.writer())
                .setErr(console.writer())
                .execute("start", "pump-ae", "--hub", hub.httpUri().toString(), "--deadline", "60s", "--watch");
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
            console.status(Duration.between(started, clock.instant()), t, agent.stats());
        } catch (RuntimeException e) {
            console.statusUnavailable(e.getMessage());
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
            console.databaseStopped(e.getMessage());
            return lastTotals;
        }
    }

    /** Prints how many anomaly events fell inside an injected fault (or one window after it) and how many outside. */
    private void reportAnomalies(DemoHubClient hubClient, PlantSimulator plant, Instant started) {
        try {
            List<Instant> times = hubClient.anomalyTimes(started);
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
            console.anomalies(inside, outside);
        } catch (IOException | RuntimeException e) {
            console.anomaliesUnavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
