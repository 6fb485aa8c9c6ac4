package io.vigil.core.sample;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of one tag: a number, or text (a {@code string} tag).
 *
 * <p>A text sample carries its text in {@link #text()} and {@code NaN} as its value, so it can never be mistaken for
 * a number by code that only knows {@link #value()}. A {@link Quality#BAD} text sample carries an empty text: it stays
 * a text sample (the hub stores it with the text series) while saying nothing about the value.
 *
 * @param tag the tag id, unique within its asset
 * @param time the source timestamp (when the device or the reader observed the value)
 * @param value the engineering value after scaling; {@code NaN} when the quality is {@link Quality#BAD} and for text
 * @param quality how far the value can be trusted
 * @param text the value of a text tag, at most {@link #MAX_TEXT} characters and without NUL; null for numbers
 */
public record Sample(String tag, Instant time, double value, Quality quality, String text) {
    /** Longest text a sample may carry, in UTF-16 chars; longer text is rejected, never cut. */
    public static final int MAX_TEXT = 1024;

    public Sample {
        Tags.requireValidId("tag", tag);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(quality, "quality");
        if (text != null) {
            checkText(tag, value, text);
        } else if (quality != Quality.BAD && !Double.isFinite(value)) {
            throw new IllegalArgumentException("sample " + tag + ": value " + value + " is not finite but quality is "
                    + quality + " (non-finite values must be BAD)");
        }
    }

    /** A numeric sample. */
    public Sample(String tag, Instant time, double value, Quality quality) {
        this(tag, time, value, quality, null);
    }

    private static void checkText(String tag, double value, String text) {
        if (!Double.isNaN(value)) {
            throw new IllegalArgumentException(
                    "sample " + tag + ": a text sample must have value NaN, got " + value + " and text '" + text + "'");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("sample " + tag + ": text of " + text.length()
                    + " characters is longer than the limit of " + MAX_TEXT);
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("sample " + tag + ": text contains a NUL character at index "
                    + text.indexOf('\u0000') + " (NUL cannot be stored)");
        }
    }

    public static Sample good(String tag, Instant time, double value) {
        return new Sample(tag, time, value, Quality.GOOD);
    }

    public static Sample bad(String tag, Instant time) {
        return new Sample(tag, time, Double.NaN, Quality.BAD);
    }

    /** A text sample of the given quality. */
    public static Sample text(String tag, Instant time, String text, Quality quality) {
        return new Sample(tag, time, Double.NaN, quality, Objects.requireNonNull(text, "text"));
    }

    /** A {@link Quality#BAD} text sample (empty text). */
    public static Sample badText(String tag, Instant time) {
        return text(tag, time, "", Quality.BAD);
    }

    public boolean isGood() {
        return quality == Quality.GOOD;
    }

    /** Whether this is a sample of a text tag. */
    public boolean isText() {
        return text != null;
    }

    /** The kind of series this sample belongs to. */
    public ValueType type() {
        return text != null ? ValueType.STRING : ValueType.DOUBLE;
    }
}
