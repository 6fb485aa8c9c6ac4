package io.vigil.core.wire;

import io.vigil.core.sample.ValueType;
import java.util.Objects;

/**
 * A metric announced in a DBIRTH.
 *
 * @param name the metric name: a tag id, {@code vigil/score/MODEL} or {@code vigil/event/anomaly}
 * @param unit the engineering unit (empty for scores, events and text)
 * @param type whether the metric's values are numbers (Sparkplug Double) or text (Sparkplug String)
 */
public record MetricDef(String name, String unit, ValueType type) {
    public MetricDef {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(type, "type");
    }

    /** A numeric metric. */
    public MetricDef(String name, String unit) {
        this(name, unit, ValueType.DOUBLE);
    }
}
