package io.vigil.adapters.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * When a fault shows on the simulator's wire, in wall-clock time: the ground truth an anomaly detector is scored
 * against.
 *
 * @param kind the fault
 * @param start first instant of the fault (inclusive)
 * @param end when the pump is healthy again (exclusive); after {@code start}
 */
public record FaultInterval(FaultKind kind, Instant start, Instant end) {
    public FaultInterval {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException(
                    "fault interval " + kind.label() + ": end " + end + " must be after start " + start);
        }
    }

    /** Whether the fault shows at {@code time}. */
    public boolean contains(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }
}
