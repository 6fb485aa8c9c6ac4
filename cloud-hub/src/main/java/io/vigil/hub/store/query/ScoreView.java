package io.vigil.hub.store.query;

import java.time.Instant;

/** The latest score of one model on one asset. */
public record ScoreView(String model, double value, Instant time) {}
