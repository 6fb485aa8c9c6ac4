package io.vigil.hub.api;

import io.vigil.hub.store.query.Point;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code agg} parameter of {@code GET /api/v1/series}: which value of each bucket to return. Without it a point
 * carries all four; with it, only {@code t}, {@code v} (the chosen aggregate) and {@code n}.
 */
public enum Aggregate {
    AVG(Point::avg),
    MIN(Point::min),
    MAX(Point::max),
    LAST(Point::last);

    private final Function<Point, Double> value;

    Aggregate(Function<Point, Double> value) {
        this.value = value;
    }

    public Double of(Point p) {
        return value.apply(p);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A text series has no average, minimum or maximum: only {@code last} (or no {@code agg}) is accepted for it;
     * anything else is a 400 with code {@code series.textagg}.
     */
    public static void requireTextAggregate(Optional<Aggregate> agg, String tag) {
        if (agg.isPresent() && agg.get() != LAST) {
            throw ApiError.SERIES_TEXT_AGGREGATE.exception("agg '" + agg.get().key()
                    + "' does not apply to the text series '" + tag + "'; use agg=last or leave agg out");
        }
    }

    /** Parses the parameter (absent: empty); throws {@link ApiException} 400 naming the allowed values. */
    public static Optional<Aggregate> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Aggregate a : values()) {
            if (a.key().equals(text)) {
                return Optional.of(a);
            }
        }
        throw ApiException.badParam("agg '" + text + "' is not one of "
                + Arrays.stream(values()).map(Aggregate::key).collect(Collectors.joining(", ")));
    }
}
