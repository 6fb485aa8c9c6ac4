package io.vigil.adapters.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Maps wall-clock time to plant time and back. Plant time starts at zero when the simulator starts and runs
 * {@code speed} times faster than the wall clock, so a fault scheduled at plant time 30 s shows after 3 s of wall
 * time at speed 10. Deriving plant time from the injected clock, rather than counting ticks, keeps the published
 * fault intervals exact however late a tick runs.
 *
 * @param start the wall-clock instant of plant time zero
 * @param speed how many plant seconds pass per wall second, 0 &lt; speed &lt;= 1000
 */
public record PlantClock(Instant start, double speed) {
    public PlantClock {
        Objects.requireNonNull(start, "start");
        SimulatorSettings.requireSpeed(speed);
    }

    /** The plant time at a wall-clock instant; negative before the start. */
    public Duration plantTime(Instant wall) {
        return Duration.ofNanos(Math.round(Duration.between(start, wall).toNanos() * speed));
    }

    /** The wall-clock instant at which the plant reaches {@code plantTime}. */
    public Instant wallTime(Duration plantTime) {
        return start.plusNanos(Math.round(plantTime.toNanos() / speed));
    }

    FaultInterval toWall(PlantInterval interval) {
        return new FaultInterval(interval.kind(), wallTime(interval.start()), wallTime(interval.end()));
    }
}
