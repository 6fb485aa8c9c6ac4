package io.vigil.hub.store.query;

import java.time.Instant;

/**
 * One downsampled bucket of a text series starting at {@code t}: the last text with a value in it, and how many samples
 * carried one ({@code n}); the text is null when every sample in it was BAD.
 */
public record TextPoint(Instant t, String last, long n) {}
