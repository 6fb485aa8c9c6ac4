package io.vigil.core.sample;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of one tag.
 *
 * @param tag the tag id, unique within its asset
 * @param time the source timestamp (when the device or the reader observed the value)
 * @param value the engineering value after scaling; {@code NaN} when the quality is {@link Quality#BAD}
 * @param quality how far the value can be trusted
 */
public record Sample(String tag, Instant time, double value, Quality quality) {
    public Sample {
        Tags.requireValidId("tag", tag);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(quality, "quality");
        if (quality != Quality.BAD && !Double.isFinite(value)) {
            throw new IllegalArgumentException("sample " + tag + ": value " + value + " is not finite but quality is "
                    + quality + " (non-finite values must be BAD)");
        }
    }

    public static Sample good(String tag, Instant time, double value) {
        return new Sample(tag, time, value, Quality.GOOD);
    }

    public static Sample bad(String tag, Instant time) {
        return new Sample(tag, time, Double.NaN, Quality.BAD);
    }

    public boolean isGood() {
        return quality == Quality.GOOD;
    }
}
