package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.Score;
import io.vigil.edge.window.ReadyWindow;
import io.vigil.model.serve.WindowEncoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores windows of one model in batches and raises anomaly events on rising edges.
 *
 * <p>All ready windows of all assets go into one {@link WindowModel#score} call: the fixed cost of an inference run
 * dominates for small models, so one batch of N windows costs about as much as one window. An event is raised when an
 * asset's score rises above the threshold; the asset re-arms only once a score is back at or below it, so a fault
 * lasting minutes is one event, not one per window.
 *
 * <p>Not thread-safe: the agent calls it from its single scoring thread.
 */
public final class ModelScorer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelScorer.class);

    private final WindowModel model;
    private final Set<String> above = new HashSet<>();

    public ModelScorer(WindowModel model) {
        this.model = model;
    }

    /** The manifest of the version serving now (the model id and window shape never change). */
    public ModelManifest manifest() {
        return model.manifest();
    }

    /**
     * Scores the windows in one batch; results come back in the windows' order. The scaler, graph and threshold all
     * come from the one version that scored the batch, even when a {@link ModelSlot} swaps versions meanwhile.
     */
    public List<ScoredWindow> score(List<ReadyWindow> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        ScoredBatch batch = model.scoreBatch(windows.size(), m -> encode(windows, m));
        var result = new ArrayList<ScoredWindow>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            result.add(result(batch.manifest(), windows.get(i), batch.scores()[i]));
        }
        return result;
    }

    /** Encodes the windows back to back with {@code m}'s scaler. */
    static float[] encode(List<ReadyWindow> windows, ModelManifest m) {
        int features = m.featureCount();
        float[] input = new float[windows.size() * features];
        for (int i = 0; i < windows.size(); i++) {
            WindowEncoder.encode(windows.get(i).rows(), m.scaler(), input, i * features);
        }
        return input;
    }

    private ScoredWindow result(ModelManifest m, ReadyWindow window, float value) {
        double score = Float.isFinite(value) ? value : Double.MAX_VALUE;
        var s = new Score(m.id(), window.time(), score);
        return new ScoredWindow(window.asset(), s, edge(m, window, score));
    }

    private Optional<AnomalyEvent> edge(ModelManifest manifest, ReadyWindow window, double score) {
        if (score <= manifest.threshold()) {
            above.remove(window.asset());
            return Optional.empty();
        }
        if (!above.add(window.asset())) {
            return Optional.empty();
        }
        LOG.info(
                "anomaly on asset {}: model {} scored {} above threshold {} at {}",
                window.asset(),
                manifest.ref(),
                String.format("%.4f", score),
                manifest.threshold(),
                window.time());
        return Optional.of(new AnomalyEvent(manifest.ref(), window.time(), score, manifest.threshold()));
    }
}
