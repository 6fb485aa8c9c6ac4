package io.vigil.hub.models;

import java.util.Locale;

/**
 * Where a model version stands in the registry. {@code REGISTERED}: uploaded, not assigned. {@code SHADOW} and
 * {@code CANARY}: the model's candidate, which agents run beside the serving version. {@code PROMOTED}: the version
 * agents serve. {@code ROLLED_BACK}: taken off (by a person or an agent's decision). {@code RETIRED}: replaced by a
 * newer candidate or promoted version.
 */
public enum Stage {
    REGISTERED,
    SHADOW,
    CANARY,
    PROMOTED,
    ROLLED_BACK,
    RETIRED;

    /** The lower-case name used in the API and the database ({@code rolled_back}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether agents run this version as a candidate. */
    public boolean candidate() {
        return this == SHADOW || this == CANARY;
    }

    public static Stage parse(String text) {
        for (Stage s : values()) {
            if (s.id().equals(text) || s.name().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "stage '" + text + "' is not one of registered, shadow, canary, promoted," + " rolled_back, retired");
    }
}
