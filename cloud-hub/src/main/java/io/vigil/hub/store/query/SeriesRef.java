package io.vigil.hub.store.query;

import io.vigil.core.sample.ValueType;

/** A stored series: its id in {@code samples} (or {@code samples_text}), its unit and what kind of values it holds. */
public record SeriesRef(int id, String unit, ValueType type) {
    public SeriesRef(int id, String unit) {
        this(id, unit, ValueType.DOUBLE);
    }

    public boolean isText() {
        return type == ValueType.STRING;
    }
}
