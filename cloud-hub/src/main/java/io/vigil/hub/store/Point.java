package io.vigil.hub.store;

import java.time.Instant;

/** One downsampled bucket starting at {@code t}; avg/min/max are null when every sample in it was BAD. */
public record Point(Instant t, Double avg, Double min, Double max, long n) {}
