package io.vigil.edge.score;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one swap attempt.
 *
 * @param time when it was decided
 * @param model the model id
 * @param from the version serving before
 * @param to the version offered ({@code ?} when its manifest could not be read)
 * @param accepted whether {@code to} serves now
 * @param reason why it was rejected; empty when accepted
 * @param switchNanos how long the switch itself took (accepted only)
 */
public record SwapEvent(
        Instant time, String model, String from, String to, boolean accepted, String reason, long switchNanos) {
    public SwapEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        reason = reason == null ? "" : reason;
        if (switchNanos < 0) {
            throw new IllegalArgumentException("switchNanos " + switchNanos + " is negative");
        }
    }

    static SwapEvent accepted(Instant time, String model, String from, String to, long switchNanos) {
        return new SwapEvent(time, model, from, to, true, "", switchNanos);
    }

    static SwapEvent rejected(Instant time, String model, String from, String to, String reason) {
        return new SwapEvent(time, model, from, to, false, reason, 0);
    }
}
