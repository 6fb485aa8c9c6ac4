package io.vigil.hub.store.rollup;

import io.vigil.hub.store.schema.TimeSeriesLayout;
import io.vigil.hub.store.schema.TimescaleRollups;

/**
 * Where the per-minute and per-hour rollups of {@code samples} live, and whether a query must stop trusting them at
 * the earliest range the rollup job has not caught up with ({@code rollup_dirty}).
 */
public enum RollupSource {
    /** Tables kept by the hub's {@link Rollups} job (plain PostgreSQL). */
    PLAIN("samples_1m", "samples_1h", true),
    /** TimescaleDB continuous aggregates with real-time aggregation: always complete, no dirty ranges. */
    TIMESCALE(TimescaleRollups.MINUTE_VIEW, TimescaleRollups.HOUR_VIEW, false);

    private final String minuteTable;
    private final String hourTable;
    private final boolean dirtyTracked;

    RollupSource(String minuteTable, String hourTable, boolean dirtyTracked) {
        this.minuteTable = minuteTable;
        this.hourTable = hourTable;
        this.dirtyTracked = dirtyTracked;
    }

    /** Where the rollups of a database with this layout live. */
    public static RollupSource of(TimeSeriesLayout.Kind kind) {
        return kind == TimeSeriesLayout.Kind.TIMESCALE ? TIMESCALE : PLAIN;
    }

    public String minuteTable() {
        return minuteTable;
    }

    public String hourTable() {
        return hourTable;
    }

    public boolean dirtyTracked() {
        return dirtyTracked;
    }
}
