package io.vigil.hub.store.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parts of {@code [from, to)} a downsampling query reads from which table: hour rollups where the step is a
 * whole number of hours, minute rollups where it is a whole number of minutes, raw samples for the rest (edges not on
 * a minute boundary, and everything from {@code rolledUntil} on, which the rollup job has not caught up with). Since
 * buckets are aligned to the epoch, a minute (hour) bucket lies inside exactly one step bucket, so merging the parts'
 * partial aggregates per step bucket gives what the raw samples alone would give.
 */
public record RollupPlan(List<Range> raw, List<Range> minutes, List<Range> hours) {
    public static final Duration MINUTE = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);

    /** A half-open time range {@code [from, to)}, never empty. */
    public record Range(Instant from, Instant to) {
        public Range {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("range from " + from + " must be before to " + to);
            }
        }
    }

    public RollupPlan {
        raw = List.copyOf(raw);
        minutes = List.copyOf(minutes);
        hours = List.copyOf(hours);
    }

    public static RollupPlan of(Instant from, Instant to, Duration step, Instant rolledUntil) {
        var raw = new ArrayList<Range>();
        var minutes = new ArrayList<Range>();
        var hours = new ArrayList<Range>();
        Instant a = ceil(from, MINUTE);
        Instant z = min(floor(to, MINUTE), floor(rolledUntil, MINUTE));
        if (!multipleOf(step, MINUTE) || !a.isBefore(z)) {
            return new RollupPlan(List.of(new Range(from, to)), List.of(), List.of());
        }
        Instant ha = ceil(a, HOUR);
        Instant hz = floor(z, HOUR);
        if (multipleOf(step, HOUR) && ha.isBefore(hz)) {
            add(minutes, a, ha);
            hours.add(new Range(ha, hz));
            add(minutes, hz, z);
        } else {
            minutes.add(new Range(a, z));
        }
        add(raw, from, a);
        add(raw, z, to);
        return new RollupPlan(raw, minutes, hours);
    }

    public boolean rawOnly() {
        return minutes.isEmpty() && hours.isEmpty();
    }

    private static void add(List<Range> list, Instant from, Instant to) {
        if (from.isBefore(to)) {
            list.add(new Range(from, to));
        }
    }

    public static boolean multipleOf(Duration step, Duration unit) {
        return !step.isZero() && step.toNanos() % unit.toNanos() == 0;
    }

    static Instant floor(Instant t, Duration unit) {
        long s = unit.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    static Instant ceil(Instant t, Duration unit) {
        Instant f = floor(t, unit);
        return f.equals(t) ? f : f.plus(unit);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
