package io.vigil.hub.store;

import io.vigil.core.sample.Quality;
import java.time.Instant;

/** A tag and its latest value; {@code value}, {@code time} and {@code quality} are null before the first sample. */
public record TagView(String id, String unit, Double value, Instant time, Quality quality) {}
