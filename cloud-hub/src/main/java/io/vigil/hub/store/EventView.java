package io.vigil.hub.store;

import java.time.Instant;

/**
 * A stored event: {@code anomaly} from agents' data, or what agents report to the model registry ({@code
 * model_decision}, {@code drift}, {@code model_rejected}), whose JSON {@code detail} holds the figures.
 */
public record EventView(
        long id, String type, String asset, Instant time, String model, Double score, Double threshold, String detail) {
    public static final String ANOMALY = "anomaly";

    /** An event without detail (an anomaly). */
    public EventView(long id, String type, String asset, Instant time, String model, Double score, Double threshold) {
        this(id, type, asset, time, model, score, threshold, null);
    }
}
