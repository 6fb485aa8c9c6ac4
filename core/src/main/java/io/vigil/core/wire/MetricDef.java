package io.vigil.core.wire;

import java.util.Objects;

/**
 * A metric announced in a DBIRTH.
 *
 * @param name the metric name: a tag id, {@code vigil/score/MODEL} or {@code vigil/event/anomaly}
 * @param unit the engineering unit (empty for scores and events)
 */
public record MetricDef(String name, String unit) {
    public MetricDef {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
    }
}
