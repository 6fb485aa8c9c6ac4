package io.vigil.core.wire;

import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.util.Objects;

/**
 * A window whose score crossed the model's threshold (raised once when the score rises above it).
 *
 * @param model the model reference {@code id@version}
 * @param time the time of the window's last row
 * @param score the window's score
 * @param threshold the model's threshold
 */
public record AnomalyEvent(String model, Instant time, double score, double threshold) {
    public AnomalyEvent {
        Objects.requireNonNull(model, "model");
        Tags.requireValidId("model", model.split("@", 2)[0]);
        Objects.requireNonNull(time, "time");
    }
}
