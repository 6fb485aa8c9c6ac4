package io.vigil.adapters.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When the synthetic pump develops which fault, in plant time: the {@code n}-th fault (from 0) starts at
 * {@code first + n * period}, lasts {@code length} and is of kind {@code cycle[n % cycle.size()]}. The default puts the
 * first fault inside the first minute, so a demo shows an anomaly before anyone loses interest.
 *
 * @param first plant time of the first fault
 * @param length how long each fault lasts; at most the period
 * @param period time between the starts of two faults
 * @param cycle the kinds, in order; empty for a pump that never fails
 */
public record FaultSchedule(Duration first, Duration length, Duration period, List<FaultKind> cycle) {
    /** 30-50 s valve closure, 90-110 s cavitation, 150-170 s rotor imbalance, 210-230 s valve closure, ... */
    public static final FaultSchedule DEFAULT = new FaultSchedule(
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            List.of(FaultKind.VALVE_CLOSURE, FaultKind.CAVITATION, FaultKind.ROTOR_IMBALANCE));

    /** A pump that never fails: for training data. */
    public static final FaultSchedule NONE =
            new FaultSchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), List.of());

    public FaultSchedule {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(period, "period");
        if (first.isNegative()) {
            throw new IllegalArgumentException("fault schedule: first " + first + " must not be negative");
        }
        if (length.isNegative() || length.isZero() || length.compareTo(period) > 0) {
            throw new IllegalArgumentException(
                    "fault schedule: length " + length + " must be positive and at most the period " + period);
        }
        if (cycle.contains(FaultKind.REPLAYED)) {
            throw new IllegalArgumentException("fault schedule: REPLAYED is for replayed files only");
        }
        cycle = List.copyOf(cycle);
    }

    /** The fault showing at a plant time, if any. */
    public Optional<PlantInterval> at(Duration plantTime) {
        if (cycle.isEmpty() || plantTime.compareTo(first) < 0) {
            return Optional.empty();
        }
        long n = plantTime.minus(first).toNanos() / period.toNanos();
        PlantInterval interval = interval(n);
        return interval.contains(plantTime) ? Optional.of(interval) : Optional.empty();
    }

    /** Every fault that starts before {@code horizon} (plant time), in order. */
    public List<PlantInterval> until(Duration horizon) {
        var intervals = new ArrayList<PlantInterval>();
        for (long n = 0; !cycle.isEmpty(); n++) {
            PlantInterval interval = interval(n);
            if (interval.start().compareTo(horizon) >= 0) {
                break;
            }
            intervals.add(interval);
        }
        return intervals;
    }

    private PlantInterval interval(long n) {
        Duration start = first.plus(period.multipliedBy(n));
        return new PlantInterval(cycle.get((int) (n % cycle.size())), start, start.plus(length));
    }
}
