package io.vigil.model.alert;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.wire.AnomalyEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * When a score is an anomaly and when it raises an event: the rule the edge agent serves with, kept here so the
 * evaluation and {@code vigil model score} apply the very same one.
 *
 * <p>A window is anomalous when its score is strictly above the manifest's threshold ({@link #above}). An asset raises
 * an event when its score rises above the threshold and re-arms only once a score is back at or below it, so a fault
 * lasting minutes is one event, not one per window.
 *
 * <p>Not thread-safe: one rule per scoring thread.
 */
public final class AlertRule {
    private final Set<String> aboveAssets = new HashSet<>();

    /** Whether {@code score} is anomalous under {@code threshold}. */
    public static boolean above(double score, double threshold) {
        return score > threshold;
    }

    /**
     * The score an agent reports for a graph output: a non-finite output (an overflow in the graph) is reported as the
     * largest double, so it is above any threshold and still valid JSON.
     */
    public static double reported(float output) {
        return Float.isFinite(output) ? output : Double.MAX_VALUE;
    }

    /**
     * Feeds one scored window of {@code asset}; returns the event when this score crosses the threshold upwards.
     *
     * @param manifest the version that scored the window (its threshold and reference are used)
     * @param time the time of the window's last row
     */
    public Optional<AnomalyEvent> observe(ModelManifest manifest, String asset, Instant time, double score) {
        if (!above(score, manifest.threshold())) {
            aboveAssets.remove(asset);
            return Optional.empty();
        }
        if (!aboveAssets.add(asset)) {
            return Optional.empty();
        }
        return Optional.of(new AnomalyEvent(manifest.ref(), time, score, manifest.threshold()));
    }
}
