package io.vigil.hub.store;

import java.time.Instant;

/** A stored event (for now: anomaly). */
public record EventView(
        long id, String type, String asset, Instant time, String model, Double score, Double threshold) {
    public static final String ANOMALY = "anomaly";
}
