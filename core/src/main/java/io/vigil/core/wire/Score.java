package io.vigil.core.wire;

import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.util.Objects;

/**
 * The anomaly score of one window.
 *
 * @param model the model id
 * @param time the time of the window's last row
 * @param value the score; above the model's threshold is an anomaly
 */
public record Score(String model, Instant time, double value) {
    public Score {
        Tags.requireValidId("model", model);
        Objects.requireNonNull(time, "time");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("score of " + model + " at " + time + " is not finite: " + value);
        }
    }
}
