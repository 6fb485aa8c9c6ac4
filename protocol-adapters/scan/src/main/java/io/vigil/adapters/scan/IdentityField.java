package io.vigil.adapters.scan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/** One identity fact and where it came from: read from the device, or derived from what was read. */
public record IdentityField(String value, Source source) {
    public IdentityField {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    public static IdentityField read(String value) {
        return new IdentityField(value, Source.READ);
    }

    public static IdentityField derived(String value) {
        return new IdentityField(value, Source.DERIVED);
    }

    public enum Source {
        READ,
        DERIVED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
