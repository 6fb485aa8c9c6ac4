package io.vigil.core.sample;

import java.util.Locale;

/**
 * What kind of value a series holds: a number ({@link Sample#value()}) or text ({@link Sample#text()}). Spelled in
 * lower case on the wire's BIRTH metadata and in the hub's {@code series.data_type} column.
 */
public enum ValueType {
    DOUBLE,
    STRING;

    /** {@code double} or {@code string}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #key()}; anything else is a programming or schema error. */
    public static ValueType of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
