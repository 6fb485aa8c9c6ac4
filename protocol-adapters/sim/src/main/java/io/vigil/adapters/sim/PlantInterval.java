package io.vigil.adapters.sim;

import java.time.Duration;

/**
 * A fault in plant time (time since the simulator started, times its speed); {@link PlantClock} turns it into a
 * wall-clock {@link FaultInterval}.
 */
public record PlantInterval(FaultKind kind, Duration start, Duration end) {
    public PlantInterval {
        if (end.compareTo(start) <= 0) {
            throw new IllegalArgumentException("plant interval " + kind + ": end " + end + " <= start " + start);
        }
    }

    public boolean contains(Duration plantTime) {
        return plantTime.compareTo(start) >= 0 && plantTime.compareTo(end) < 0;
    }
}
