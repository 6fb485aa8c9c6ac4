package io.vigil.edge.agent;

import io.vertx.core.Vertx;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Sample;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.ConfigException;
import io.vigil.edge.device.Backoff;
import io.vigil.edge.device.DeviceListener;
import io.vigil.edge.device.DeviceRunner;
import io.vigil.edge.federated.BoundedTrainingHistory;
import io.vigil.edge.federated.RoundParticipant;
import io.vigil.edge.federated.TrainingHistory;
import io.vigil.edge.federated.UpdateKeyFile;
import io.vigil.edge.forward.Outbox;
import io.vigil.edge.forward.SparkplugForwarder;
import io.vigil.edge.registry.RegistryClient;
import io.vigil.edge.registry.RegistrySync;
import io.vigil.edge.rollout.RolloutPolicy;
import io.vigil.edge.score.ModelSwapException;
import io.vigil.edge.score.ScoredWindow;
import io.vigil.edge.score.ScoringWorker;
import io.vigil.edge.score.WindowModel;
import io.vigil.model.window.WindowAssembler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running edge agent: devices → windows → scoring → store-and-forward → hub. This class is its lifecycle: it
 * assembles the parts, starts them in order and stops them in the reverse.
 *
 * <p>Each device has a {@link DeviceRunner}; the {@link SampleRouter} sends its samples both to the {@link Outbox} (raw
 * data for the hub) and to the {@link WindowAssembler}s of its asset. A per-asset tick on the scheduler forms rows and
 * hands ready windows to the {@link ScoringWorker}, which scores them with the {@link ServedModels} and whose scores
 * and events go to the outbox too. The {@link SparkplugForwarder} publishes the outbox, births each asset as
 * {@link AssetBirths} describes it, and kills and re-births it as {@link AssetPresence} sees its devices go down and up.
 *
 * <p>Nothing here exits because a device or the hub is unreachable; only a model that cannot be loaded stops the
 * start, with a {@link ConfigException}.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);
    /**
     * The local training history's bounds per model: 2,000 windows of the pump model (20 rows x 4 tags) are 1.3 MB of
     * doubles, and a day keeps a round's data recent. Not configurable yet; the durable edge store will own them.
     */
    private static final int HISTORY_WINDOWS = 2_000;

    private static final Duration HISTORY_AGE = Duration.ofHours(24);

    private final AgentConfig config;
    private final Clock clock;
    private final ServedModels models;
    private final Outbox outbox;
    private final Vertx vertx;
    private final SparkplugForwarder forwarder;
    private final ScoringWorker scoring;
    private final SampleRouter router;
    private final AssetPresence presence;
    private final ScheduledExecutorService scheduler;
    private final List<DeviceRunner> runners = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile RegistrySync registry;
    private volatile RoundParticipant rounds;
    private final TrainingHistory history;

    private Agent(AgentConfig config, Clock clock, List<WindowModel> loaded) {
        this.config = config;
        this.clock = clock;
        this.models = new ServedModels(config, clock, loaded);
        this.outbox = new Outbox(config.hub().bufferSamples());
        this.vertx = Vertx.vertx();
        this.forwarder = new SparkplugForwarder(
                vertx, config.agent(), config.hub(), outbox, AssetBirths.of(config, loaded), clock, Backoff.standard());
        this.history = new BoundedTrainingHistory(HISTORY_WINDOWS, HISTORY_AGE, clock);
        this.scoring = new ScoringWorker(
                models.scorers(), this::scored, (window, serving) -> history.record(window.model(), window.rows()));
        this.router = new SampleRouter(config, loaded, clock, outbox, scoring::submit);
        this.presence = new AssetPresence(config.devicesByAsset(), forwarder);
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            var t = new Thread(r, "vigil-devices");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the models, then starts the forwarder, the devices and the window ticks; returns once everything is
     * started (devices connect in the background).
     *
     * @throws ConfigException when a model package cannot be read or loaded
     */
    public static Agent start(AgentConfig config, Path configDir, Clock clock) {
        var agent = new Agent(config, clock, ServedModels.load(config, configDir));
        agent.startParts();
        config.registry().ifPresent(r -> {
            agent.registry = new RegistrySync(
                    new RegistryClient(r, config.agent().id(), config.hub().tls()), agent.models, r.modelDir(), clock);
            agent.models.follow(agent.registry);
            agent.registry.start(r.pollInterval());
            // federated rounds ride the same authenticated channel, with their own client and thread (training
            // takes seconds and must not hold up assignments)
            agent.rounds = new RoundParticipant(
                    new RegistryClient(r, config.agent().id(), config.hub().tls()),
                    UpdateKeyFile.loadOrCreate(
                            r.modelDir().resolve(".federated"), config.agent().id()),
                    agent.history,
                    clock);
            agent.rounds.start(r.pollInterval());
            LOG.info(
                    "agent {} follows the model registry at {} every {}",
                    config.agent().id(),
                    r.url(),
                    r.pollInterval());
        });
        return agent;
    }

    /**
     * Loads the package in {@code packageDir} off the scoring thread and swaps it in for the model with the same id;
     * every window is scored once, by the old or the new version. A package that does not load or does not fit (other
     * id, input tags, window length or stride) is rejected and the serving version keeps serving.
     *
     * @return completes with the new manifest, or fails with {@link ModelSwapException} naming the reason
     */
    public CompletionStage<ModelManifest> swapModel(Path packageDir) {
        return models.swap(packageDir);
    }

    /**
     * Loads the package in {@code packageDir} off the scoring thread and starts its rollout beside the serving version
     * of the same model id: SHADOW, then CANARY on the configured share of the model's assets, then promoted or rolled
     * back by the configured {@link RolloutPolicy} (the {@code rollout} section); every decision is logged as JSON.
     *
     * @return completes once the candidate is in SHADOW, or fails with the reason it was refused
     */
    public CompletionStage<Void> rollout(Path packageDir) {
        return models.rollout(packageDir);
    }

    /** The version of {@code model} serving now. */
    public String servingVersion(String model) {
        return models.servingVersion(model);
    }

    /** The candidate version of {@code model} in rollout (or about to start), if any. */
    public Optional<String> candidateVersion(String model) {
        return models.candidateVersion(model);
    }

    /** Drift events raised since start (each is also logged as JSON). */
    public long driftEvents() {
        return models.driftEvents();
    }

    private void startParts() {
        forwarder.start();
        var listener = new Listener();
        for (DeviceSpec spec : config.devices()) {
            var runner = new DeviceRunner(
                    spec, () -> DeviceAdapterProvider.forSpec(spec), scheduler, clock, Backoff.standard(), listener);
            presence.register(spec, runner.health());
            runners.add(runner);
        }
        runners.forEach(DeviceRunner::start);
        config.devicesByAsset().forEach((asset, devices) -> {
            long ms = devices.stream()
                    .mapToLong(d -> d.interval().toMillis())
                    .min()
                    .orElseThrow();
            scheduler.scheduleAtFixedRate(() -> router.tick(asset), ms, ms, TimeUnit.MILLISECONDS);
        });
        LOG.info(
                "agent {}/{} started: {} devices, {} models, hub {}",
                config.agent().group(),
                config.agent().id(),
                config.devices().size(),
                models.size(),
                config.hub().mqtt());
    }

    private void scored(ScoredWindow s) {
        outbox.addScore(s.asset(), s.score());
        s.event().ifPresent(e -> outbox.addEvent(s.asset(), e));
    }

    public AgentStats stats() {
        return new AgentStats(
                router.samplesRead(),
                router.rows(),
                router.skippedRows(),
                scoring.windowsScored(),
                scoring.anomalies(),
                outbox.published(),
                outbox.acked(),
                outbox.buffered(),
                outbox.dropped(),
                forwarder.connected(),
                presence.devices());
    }

    /** Windows of {@code model} the local training history holds (scored normal by the serving version). */
    public int trainingWindows(String model) {
        return history.windows(model).size();
    }

    /** Stops the devices, scores what is queued, flushes to the hub for up to 2 s and disconnects; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (registry != null) {
            registry.close();
        }
        if (rounds != null) {
            rounds.close();
        }
        runners.forEach(DeviceRunner::close);
        scheduler.shutdownNow();
        scoring.close();
        try {
            forwarder
                    .close(FLUSH_ON_CLOSE)
                    .toCompletableFuture()
                    .get(FLUSH_ON_CLOSE.toMillis() + 3000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("closing the hub connection: {}", e.toString());
        }
        vertx.close()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
        models.close();
        LOG.info("agent {} stopped: {}", config.agent().id(), stats().statusLine());
    }

    /** Where each device runner reports. */
    private final class Listener implements DeviceListener {
        @Override
        public void samples(DeviceSpec device, List<Sample> read) {
            router.samples(device, read);
        }

        @Override
        public void healthChanged(DeviceSpec device, DeviceHealth h) {
            presence.changed(device, h);
        }
    }
}
