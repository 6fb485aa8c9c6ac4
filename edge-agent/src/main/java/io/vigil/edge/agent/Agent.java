package io.vigil.edge.agent;

import io.vertx.core.Vertx;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Sample;
import io.vigil.core.sample.ValueType;
import io.vigil.core.tag.TagSpec;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.ConfigException;
import io.vigil.edge.config.ModelConfig;
import io.vigil.edge.device.Backoff;
import io.vigil.edge.device.DeviceListener;
import io.vigil.edge.device.DeviceRunner;
import io.vigil.edge.drift.DriftEvent;
import io.vigil.edge.drift.DriftPolicy;
import io.vigil.edge.forward.AssetBirth;
import io.vigil.edge.forward.Outbox;
import io.vigil.edge.forward.SparkplugForwarder;
import io.vigil.edge.registry.ModelHost;
import io.vigil.edge.registry.RegistryClient;
import io.vigil.edge.registry.RegistrySync;
import io.vigil.edge.rollout.RolloutDecision;
import io.vigil.edge.rollout.RolloutPolicy;
import io.vigil.edge.rollout.RolloutStage;
import io.vigil.edge.score.ModelScorer;
import io.vigil.edge.score.ModelSlot;
import io.vigil.edge.score.ModelSwapException;
import io.vigil.edge.score.OnnxWindowModel;
import io.vigil.edge.score.ScoredWindow;
import io.vigil.edge.score.ScoringWorker;
import io.vigil.edge.score.WindowModel;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.window.WindowAssembler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running edge agent: devices → windows → scoring → store-and-forward → hub.
 *
 * <p>Each device has a {@link DeviceRunner}; its samples go both to the {@link Outbox} (raw data for the hub) and to
 * the {@link WindowAssembler}s of its asset. A per-asset tick on the scheduler forms rows and hands ready windows to
 * the {@link ScoringWorker}, whose scores and events go to the outbox too. The {@link SparkplugForwarder} publishes
 * the outbox. An asset is online while all its devices are up; the first device down sends a DDEATH.
 *
 * <p>Nothing here exits because a device or the hub is unreachable; only a model that cannot be loaded stops the
 * start, with a {@link ConfigException}.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);

    private final AgentConfig config;
    private final Clock clock;
    private final List<WindowModel> models;
    private final Map<String, List<WindowAssembler>> assemblers;
    private final Outbox outbox;
    private final Vertx vertx;
    private final SparkplugForwarder forwarder;
    private final ScoringWorker scoring;
    private final List<ModelScorer> scorers;
    private final AtomicLong driftEvents = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "vigil-model-load");
        t.setDaemon(true);
        return t;
    });
    private final List<DeviceRunner> runners = new ArrayList<>();
    private final Map<String, DeviceHealth> health = new LinkedHashMap<>();
    private final AtomicLong samplesRead = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RepeatFilter repeats = new RepeatFilter();
    /** Devices whose repeats were logged at INFO once. */
    private final Set<String> repeatsLogged = ConcurrentHashMap.newKeySet();

    private volatile RegistrySync registry;

    private Agent(AgentConfig config, Clock clock, List<WindowModel> models) {
        this.config = config;
        this.clock = clock;
        this.models = models.stream()
                .<WindowModel>map(m -> new ModelSlot(m, clock, e -> {}))
                .toList();
        this.scorers = this.models.stream()
                .map(m -> new ModelScorer(m, clock, DriftPolicy.defaults(), this::drifted, this::decided))
                .toList();
        this.assemblers = assemblers(config, models);
        this.outbox = new Outbox(config.hub().bufferSamples());
        this.vertx = Vertx.vertx();
        this.forwarder = new SparkplugForwarder(
                vertx, config.agent(), config.hub(), outbox, births(config, models), clock, Backoff.standard());
        this.scoring = new ScoringWorker(this.scorers, this::scored);
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
        var agent = new Agent(config, clock, loadModels(config, configDir));
        agent.startParts();
        config.registry().ifPresent(r -> {
            agent.registry = new RegistrySync(
                    new RegistryClient(r, config.agent().id(), config.hub().tls()),
                    agent.new Host(),
                    r.modelDir(),
                    clock);
            agent.registry.start(r.pollInterval());
            LOG.info(
                    "agent {} follows the model registry at {} every {}",
                    config.agent().id(),
                    r.url(),
                    r.pollInterval());
        });
        return agent;
    }

    private void drifted(DriftEvent e) {
        driftEvents.incrementAndGet();
        RegistrySync r = registry;
        if (r != null) {
            r.drifted(e);
        }
    }

    private void decided(RolloutDecision d) {
        RegistrySync r = registry;
        if (r != null) {
            r.decided(d);
        }
    }

    private ModelScorer scorer(String model) {
        return scorers.stream()
                .filter(s -> s.manifest().id().equals(model))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this agent serves no model " + model));
    }

    /** The agent as the registry sync sees it. */
    private final class Host implements ModelHost {
        @Override
        public List<String> modelIds() {
            return scorers.stream().map(s -> s.manifest().id()).toList();
        }

        @Override
        public String servingVersion(String model) {
            return Agent.this.servingVersion(model);
        }

        @Override
        public Optional<String> candidateVersion(String model) {
            return Agent.this.candidateVersion(model);
        }

        @Override
        public Optional<RolloutStage> candidateStage(String model) {
            return scorer(model).rolloutStage();
        }

        @Override
        public CompletionStage<?> startCandidate(Path dir) {
            return rollout(dir);
        }

        @Override
        public CompletionStage<?> serve(Path dir) {
            return swapModel(dir);
        }

        @Override
        public void order(String model, String version, RolloutStage stage, String reason) {
            scorer(model).order(version, stage, reason);
        }
    }

    /**
     * Loads the package in {@code packageDir} off the scoring thread and swaps it in for the model with the same id;
     * every window is scored once, by the old or the new version. A package that does not load or does not fit (other
     * id, input tags, window length or stride) is rejected and the serving version keeps serving.
     *
     * @return completes with the new manifest, or fails with {@link ModelSwapException} naming the reason
     */
    public CompletionStage<ModelManifest> swapModel(Path packageDir) {
        ModelManifest next;
        try {
            next = ModelPackage.read(packageDir).manifest();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new ModelSwapException("package " + packageDir + " rejected: " + e.getMessage(), e));
        }
        return models.stream()
                .filter(m -> m.manifest().id().equals(next.id()))
                .map(m -> (ModelSlot) m)
                .findFirst()
                .map(slot -> slot.swap(() -> OnnxWindowModel.load(packageDir, 1), loader))
                .orElseGet(() -> CompletableFuture.failedFuture(new ModelSwapException(
                        "package " + packageDir + " rejected: this agent serves no model " + next.id(), null)));
    }

    /**
     * Loads the package in {@code packageDir} off the scoring thread and starts its rollout beside the serving version
     * of the same model id: SHADOW, then CANARY on the configured share of the model's assets, then promoted or rolled
     * back by the configured {@link RolloutPolicy} (the {@code rollout} section); every decision is logged as JSON.
     *
     * @return completes once the candidate is in SHADOW, or fails with the reason it was refused
     */
    public CompletionStage<Void> rollout(Path packageDir) {
        ModelManifest next;
        try {
            next = ModelPackage.read(packageDir).manifest();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new ModelSwapException("package " + packageDir + " rejected: " + e.getMessage(), e));
        }
        int index = -1;
        for (int i = 0; i < scorers.size(); i++) {
            if (scorers.get(i).manifest().id().equals(next.id())) {
                index = i;
            }
        }
        if (index < 0) {
            return CompletableFuture.failedFuture(new ModelSwapException(
                    "package " + packageDir + " rejected: this agent serves no model " + next.id(), null));
        }
        ModelScorer scorer = scorers.get(index);
        List<String> assets = config.models().get(index).assets();
        return CompletableFuture.supplyAsync(() -> OnnxWindowModel.load(packageDir, 1), loader)
                .thenAccept(m -> scorer.startRollout(m, assets, config.rollout()));
    }

    /** The version of {@code model} serving now. */
    public String servingVersion(String model) {
        return scorer(model).manifest().version();
    }

    /** The candidate version of {@code model} in rollout (or about to start), if any. */
    public Optional<String> candidateVersion(String model) {
        return scorer(model).candidateVersion();
    }

    /** Drift events raised since start (each is also logged as JSON). */
    public long driftEvents() {
        return driftEvents.get();
    }

    private static List<WindowModel> loadModels(AgentConfig config, Path configDir) {
        var loaded = new ArrayList<WindowModel>();
        for (ModelConfig m : config.models()) {
            Path dir = m.resolve(configDir);
            try {
                loaded.add(OnnxWindowModel.load(dir, 1));
                LOG.info("loaded model {} from {} for assets {}", m.manifest().ref(), dir, m.assets());
            } catch (RuntimeException e) {
                loaded.forEach(WindowModel::close);
                throw new ConfigException("model " + dir + " cannot be loaded: " + e.getMessage());
            }
        }
        return loaded;
    }

    private void startParts() {
        forwarder.start();
        var listener = new Listener();
        for (DeviceSpec spec : config.devices()) {
            var runner = new DeviceRunner(
                    spec, () -> DeviceAdapterProvider.forSpec(spec), scheduler, clock, Backoff.standard(), listener);
            health.put(spec.id(), runner.health());
            runners.add(runner);
        }
        runners.forEach(DeviceRunner::start);
        config.devicesByAsset().forEach((asset, devices) -> {
            long ms = devices.stream()
                    .mapToLong(d -> d.interval().toMillis())
                    .min()
                    .orElseThrow();
            scheduler.scheduleAtFixedRate(() -> tick(asset), ms, ms, TimeUnit.MILLISECONDS);
        });
        LOG.info(
                "agent {}/{} started: {} devices, {} models, hub {}",
                config.agent().group(),
                config.agent().id(),
                config.devices().size(),
                models.size(),
                config.hub().mqtt());
    }

    private void tick(String asset) {
        try {
            var now = clock.instant();
            for (WindowAssembler a : assemblers.getOrDefault(asset, List.of())) {
                a.tick(now).ifPresent(scoring::submit);
            }
        } catch (RuntimeException e) {
            LOG.error("forming rows for asset {} failed: {}", asset, e.toString());
        }
    }

    private void scored(ScoredWindow s) {
        outbox.addScore(s.asset(), s.score());
        s.event().ifPresent(e -> outbox.addEvent(s.asset(), e));
    }

    public AgentStats stats() {
        long rows = 0;
        long skipped = 0;
        for (List<WindowAssembler> list : assemblers.values()) {
            for (WindowAssembler a : list) {
                rows += a.rows();
                skipped += a.skippedRows();
            }
        }
        Map<String, DeviceHealth> devices;
        synchronized (health) {
            devices = Map.copyOf(health);
        }
        return new AgentStats(
                samplesRead.get(),
                rows,
                skipped,
                scoring.windowsScored(),
                scoring.anomalies(),
                outbox.published(),
                outbox.acked(),
                outbox.buffered(),
                outbox.dropped(),
                forwarder.connected(),
                devices);
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
        loader.shutdownNow();
        models.forEach(WindowModel::close);
        LOG.info("agent {} stopped: {}", config.agent().id(), stats().statusLine());
    }

    private final class Listener implements DeviceListener {
        @Override
        public void samples(DeviceSpec device, List<Sample> read) {
            List<Sample> samples = repeats.fresh(device.asset(), read);
            if (samples.size() != read.size()) {
                logRepeats(device, read.size() - samples.size());
            }
            if (samples.isEmpty()) {
                return;
            }
            samplesRead.addAndGet(samples.size());
            outbox.addSamples(device.asset(), samples);
            assemblers.getOrDefault(device.asset(), List.of()).forEach(a -> a.accept(samples));
        }

        @Override
        public void healthChanged(DeviceSpec device, DeviceHealth h) {
            boolean allUp;
            synchronized (health) {
                health.put(device.id(), h);
                allUp = config.devicesByAsset().get(device.asset()).stream()
                        .allMatch(d -> health.get(d.id()).state() == DeviceHealth.State.UP);
            }
            if (h.state() == DeviceHealth.State.DOWN) {
                forwarder.assetDown(device.asset());
            } else if (allUp) {
                forwarder.assetUp(device.asset());
            }
        }
    }

    private void logRepeats(DeviceSpec device, int dropped) {
        if (repeatsLogged.add(device.id())) {
            LOG.info(
                    "device {} sent values again with timestamps already seen (an OPC UA server does on every new"
                            + " subscription); repeats are dropped at the edge, counted in the log at DEBUG",
                    device.id());
        } else {
            LOG.debug("device {}: {} repeated samples dropped", device.id(), dropped);
        }
    }

    /** Once per asset at start: its string tags go to the hub as text and never into a model's window. */
    private static void logTextTags(String asset, List<DeviceSpec> devices) {
        var text = devices.stream()
                .flatMap(d -> d.tags().stream())
                .filter(t -> t.type().isText())
                .map(TagSpec::id)
                .toList();
        if (!text.isEmpty()) {
            LOG.info("asset {}: string tags {} are forwarded as text and not scored", asset, text);
        }
    }

    private static Map<String, List<WindowAssembler>> assemblers(AgentConfig config, List<WindowModel> models) {
        var byAsset = config.devicesByAsset();
        var result = new LinkedHashMap<String, List<WindowAssembler>>();
        for (int i = 0; i < models.size(); i++) {
            var manifest = models.get(i).manifest();
            for (String asset : config.models().get(i).assets()) {
                Duration interval = byAsset.get(asset).stream()
                        .map(DeviceSpec::interval)
                        .min(Duration::compareTo)
                        .orElseThrow();
                result.computeIfAbsent(asset, a -> new ArrayList<>())
                        .add(new WindowAssembler(asset, manifest, interval));
            }
        }
        return result;
    }

    private static List<AssetBirth> births(AgentConfig config, List<WindowModel> models) {
        var result = new ArrayList<AssetBirth>();
        config.devicesByAsset().forEach((asset, devices) -> {
            var metrics = new ArrayList<MetricDef>();
            devices.forEach(d -> d.tags()
                    .forEach(t -> metrics.add(
                            new MetricDef(t.id(), t.unit(), t.type().isText() ? ValueType.STRING : ValueType.DOUBLE))));
            logTextTags(asset, devices);
            boolean scored = false;
            for (int i = 0; i < models.size(); i++) {
                if (config.models().get(i).assets().contains(asset)) {
                    metrics.add(new MetricDef(
                            SparkplugCodec.SCORE_PREFIX
                                    + models.get(i).manifest().id(),
                            ""));
                    scored = true;
                }
            }
            if (scored) {
                metrics.add(new MetricDef(SparkplugCodec.ANOMALY_EVENT, ""));
            }
            var meta = Map.of(
                    "protocol",
                            devices.stream()
                                    .map(d -> d.protocol().configName())
                                    .distinct()
                                    .collect(Collectors.joining(",")),
                    "device", devices.stream().map(DeviceSpec::id).collect(Collectors.joining(",")));
            result.add(new AssetBirth(asset, metrics, meta));
        });
        return result;
    }
}
