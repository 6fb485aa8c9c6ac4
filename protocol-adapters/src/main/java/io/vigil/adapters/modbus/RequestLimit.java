package io.vigil.adapters.modbus;

import io.vigil.adapters.modbus.LearnedLimits.Learned;
import java.time.Duration;
import java.time.Instant;

/**
 * The most registers per request a device answers, learned down on refusals and probed back up with caution.
 *
 * <p>A refused multi-register request halves the limit (to half the refused request, never below 1). Exception 03 is
 * the device saying it cannot serve that many, so the new limit also becomes the ceiling, and the limit never grows
 * above it again. A timeout may be a network blip, so it leaves the ceiling alone: after {@link #PROBE_AFTER_POLLS}
 * reads in a row without a refusal, and at least the current wait ({@link #FIRST_WAIT} at first) since the limit last
 * changed, one read is planned with twice the limit (up to the ceiling). If that read goes through, the larger limit
 * stays and the wait starts again from {@link #FIRST_WAIT}; if the larger request is refused, the lower limit comes
 * back and the wait doubles, up to {@link #LONGEST_WAIT}, so a device that really cannot do more costs one failed read
 * a day at most. Not thread-safe: the adapter uses it on its io thread only.
 */
final class RequestLimit {
    static final int PROBE_AFTER_POLLS = 10;
    static final Duration FIRST_WAIT = Duration.ofMinutes(10);
    static final Duration LONGEST_WAIT = Duration.ofHours(24);

    private int limit;
    private int ceiling;
    /** The limit before the probe in progress, 0 while none is. */
    private int beforeProbe;

    private int quietReads;
    private Instant changed;
    private Duration wait = FIRST_WAIT;

    RequestLimit(Learned learned, Instant now) {
        this.limit = learned.limit();
        this.ceiling = learned.ceiling();
        this.changed = now;
    }

    /** The limit to plan with (during a probe, the larger one being tried). */
    int current() {
        return limit;
    }

    boolean probing() {
        return beforeProbe != 0;
    }

    /** What to remember across restarts: a probe counts only once it went through. */
    Learned learned() {
        return new Learned(probing() ? beforeProbe : limit, ceiling);
    }

    /**
     * A request of {@code count} registers was refused ({@code hard}: exception 03, else a timeout).
     *
     * @return whether the limit went down (a request larger than the limit already teaches nothing)
     */
    boolean refused(int count, boolean hard, Instant now) {
        if (count <= 1 || count > limit) {
            return false;
        }
        quietReads = 0;
        changed = now;
        if (probing() && count > beforeProbe) {
            limit = beforeProbe;
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        } else {
            limit = Math.max(1, count / 2);
        }
        beforeProbe = 0;
        if (hard) {
            ceiling = limit;
        }
        return true;
    }

    /**
     * A read went through without a refusal.
     *
     * @return whether the next read should be planned with a larger limit (a probe starts)
     */
    boolean readSucceeded(Instant now) {
        if (probing()) {
            beforeProbe = 0;
            wait = FIRST_WAIT;
            changed = now;
            quietReads = 0;
            return false;
        }
        quietReads++;
        if (quietReads < PROBE_AFTER_POLLS || limit >= ceiling || now.isBefore(changed.plus(wait))) {
            return false;
        }
        beforeProbe = limit;
        limit = Math.min(ceiling, limit * 2);
        return true;
    }

    /** A read failed for another reason (connection lost): the reads in a row start again. */
    void readFailed() {
        quietReads = 0;
    }

    /** How long after the last change the next probe may start. */
    Duration waitBeforeProbe() {
        return wait;
    }
}
