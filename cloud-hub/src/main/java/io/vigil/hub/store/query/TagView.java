package io.vigil.hub.store.query;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.ValueType;
import java.time.Instant;

/**
 * A tag and its latest value; {@code value}, {@code text}, {@code time} and {@code quality} are null before the first
 * sample. A text tag ({@code type} {@link ValueType#STRING}) has its value in {@code text} and a null {@code value}.
 */
public record TagView(
        String id, String unit, Double value, Instant time, Quality quality, String text, ValueType type) {
    /** A numeric tag. */
    public TagView(String id, String unit, Double value, Instant time, Quality quality) {
        this(id, unit, value, time, quality, null, ValueType.DOUBLE);
    }
}
