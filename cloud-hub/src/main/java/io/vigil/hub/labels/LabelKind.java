package io.vigil.hub.labels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a label says happened. The keys are part of the API and of the {@code labels} table's check. */
public enum LabelKind {
    /** A real fault: an alarm here was right, and the range is not normal data. */
    FAULT("fault"),
    /** The model alarmed, but nothing was wrong. */
    FALSE_ALARM("false_alarm"),
    /** Planned work: the machine ran outside its normal regime on purpose. */
    MAINTENANCE("maintenance"),
    /** Normal running, confirmed by a person. */
    NORMAL("normal");

    private final String key;

    LabelKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether training on normal data must leave the range out (it is not how the machine normally runs). */
    public boolean abnormal() {
        return this == FAULT || this == MAINTENANCE;
    }

    public static LabelKind of(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (LabelKind kind : values()) {
            if (kind.key.equals(k)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind '" + key + "' is not one of "
                + Arrays.stream(values()).map(LabelKind::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}
