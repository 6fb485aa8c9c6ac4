package io.vigil.hub.store.query;

import java.time.Instant;

/**
 * One downsampled bucket starting at {@code t}: average, minimum, maximum and last value of the samples in it that
 * carry a value, and their count {@code n}; the aggregates are null when every sample in it was BAD.
 */
public record Point(Instant t, Double avg, Double min, Double max, Double last, long n) {}
