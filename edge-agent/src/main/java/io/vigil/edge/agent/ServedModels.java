package io.vigil.edge.agent;

import io.vigil.core.model.ModelManifest;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.ConfigException;
import io.vigil.edge.config.ModelConfig;
import io.vigil.edge.drift.DriftEvent;
import io.vigil.edge.drift.DriftPolicy;
import io.vigil.edge.registry.ModelHost;
import io.vigil.edge.registry.RegistrySync;
import io.vigil.edge.rollout.RolloutDecision;
import io.vigil.edge.rollout.RolloutPolicy;
import io.vigil.edge.rollout.RolloutStage;
import io.vigil.edge.score.ModelScorer;
import io.vigil.edge.score.ModelSlot;
import io.vigil.edge.score.ModelSwapException;
import io.vigil.edge.score.OnnxWindowModel;
import io.vigil.edge.score.WindowModel;
import io.vigil.model.pkg.ModelPackage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the agent serves, in config order: each sits in a {@link ModelSlot} (so a new version can be swapped in
 * between two windows) behind a {@link ModelScorer} (which watches drift and runs rollouts). New versions load on a
 * thread of their own, never on the scoring thread. The model registry, when configured, sees the agent through this
 * class and hears of its drift events and rollout decisions.
 */
final class ServedModels implements ModelHost, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServedModels.class);

    private final List<ModelConfig> configs;
    private final RolloutPolicy rollout;
    private final List<WindowModel> slots;
    private final List<ModelScorer> scorers;
    private final AtomicLong driftEvents = new AtomicLong();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "vigil-model-load");
        t.setDaemon(true);
        return t;
    });

    private volatile RegistrySync registry;

    /** @param loaded one model per {@link AgentConfig#models()} entry, in the same order */
    ServedModels(AgentConfig config, Clock clock, List<WindowModel> loaded) {
        this.configs = config.models();
        this.rollout = config.rollout();
        this.slots = loaded.stream()
                .<WindowModel>map(m -> new ModelSlot(m, clock, e -> {}))
                .toList();
        this.scorers = slots.stream()
                .map(m -> new ModelScorer(m, clock, DriftPolicy.defaults(), this::drifted, this::decided))
                .toList();
    }

    /**
     * Loads every configured model.
     *
     * @throws ConfigException when a model package cannot be read or loaded; the ones loaded already are closed
     */
    static List<WindowModel> load(AgentConfig config, Path configDir) {
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

    List<ModelScorer> scorers() {
        return scorers;
    }

    int size() {
        return slots.size();
    }

    /** From now on drift events and rollout decisions go to {@code sync} too. */
    void follow(RegistrySync sync) {
        this.registry = sync;
    }

    long driftEvents() {
        return driftEvents.get();
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

    @Override
    public List<String> modelIds() {
        return scorers.stream().map(s -> s.manifest().id()).toList();
    }

    @Override
    public String servingVersion(String model) {
        return scorer(model).manifest().version();
    }

    @Override
    public Optional<String> candidateVersion(String model) {
        return scorer(model).candidateVersion();
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
        return swap(dir);
    }

    @Override
    public void order(String model, String version, RolloutStage stage, String reason) {
        scorer(model).order(version, stage, reason);
    }

    /** See {@link Agent#swapModel}. */
    CompletionStage<ModelManifest> swap(Path packageDir) {
        ModelManifest next;
        try {
            next = ModelPackage.read(packageDir).manifest();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new ModelSwapException("package " + packageDir + " rejected: " + e.getMessage(), e));
        }
        return slots.stream()
                .filter(m -> m.manifest().id().equals(next.id()))
                .map(m -> (ModelSlot) m)
                .findFirst()
                .map(slot -> slot.swap(() -> OnnxWindowModel.load(packageDir, 1), loader))
                .orElseGet(() -> CompletableFuture.failedFuture(new ModelSwapException(
                        "package " + packageDir + " rejected: this agent serves no model " + next.id(), null)));
    }

    /** See {@link Agent#rollout}. */
    CompletionStage<Void> rollout(Path packageDir) {
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
        List<String> assets = configs.get(index).assets();
        return CompletableFuture.supplyAsync(() -> OnnxWindowModel.load(packageDir, 1), loader)
                .thenAccept(m -> scorer.startRollout(m, assets, rollout));
    }

    /** Stops loading and closes every model; the scoring thread must have stopped. */
    @Override
    public void close() {
        loader.shutdownNow();
        slots.forEach(WindowModel::close);
    }
}
