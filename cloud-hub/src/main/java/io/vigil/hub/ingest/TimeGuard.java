package io.vigil.hub.ingest;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refuses absurd timestamps: before 2000 (a device clock that never got set) or more than a day ahead of the hub's
 * clock. One such row would stretch every chart to decades and land in a far-away partition.
 */
final class TimeGuard {
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Duration MAX_AHEAD = Duration.ofDays(1);

    private final Clock clock;

    TimeGuard(Clock clock) {
        this.clock = clock;
    }

    /** The first absurd timestamp in {@code m}, described; empty when all are plausible. */
    Optional<String> check(SparkplugMessage m) {
        Instant latest = clock.instant().plus(MAX_AHEAD);
        if (!m.time().equals(Instant.EPOCH) && bad(m.time(), latest)) {
            return describe("payload", m.time());
        }
        for (Sample s : m.historical().samples()) {
            if (bad(s.time(), latest)) {
                return describe("historical sample '" + s.tag() + "'", s.time());
            }
        }
        for (Sample s : m.data().samples()) {
            if (bad(s.time(), latest)) {
                return describe("sample '" + s.tag() + "'", s.time());
            }
        }
        for (Score s : m.data().scores()) {
            if (bad(s.time(), latest)) {
                return describe("score of '" + s.model() + "'", s.time());
            }
        }
        for (AnomalyEvent e : m.data().events()) {
            if (bad(e.time(), latest)) {
                return describe("event of '" + e.model() + "'", e.time());
            }
        }
        return Optional.empty();
    }

    private static boolean bad(Instant t, Instant latest) {
        return t.isBefore(EARLIEST) || t.isAfter(latest);
    }

    private static Optional<String> describe(String what, Instant t) {
        String why = t.isBefore(EARLIEST) ? "is before 2000" : "is more than a day in the future";
        return Optional.of(what + " time " + t + " " + why);
    }
}
