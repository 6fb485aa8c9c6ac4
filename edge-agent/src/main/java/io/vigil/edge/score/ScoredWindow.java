package io.vigil.edge.score;

import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.Score;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of scoring one window.
 *
 * @param asset the asset the window belongs to
 * @param score the score, timed at the window's last row
 * @param event the anomaly event when this score crossed the threshold upwards
 */
public record ScoredWindow(String asset, Score score, Optional<AnomalyEvent> event) {
    public ScoredWindow {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(score, "score");
        event = event == null ? Optional.empty() : event;
    }
}
