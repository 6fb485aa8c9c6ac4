package io.vigil.hub.api;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.sample.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The parameters of {@code GET /api/v1/series}, validated: {@code tag=ASSET/TAG} (or {@code ASSET/score:MODEL}),
 * {@code from}/{@code to} as ISO-8601 instants (defaults: the last hour), {@code step} as {@code 10s}, {@code 1m} or
 * ISO {@code PT1M}. Without a step, the smallest round step that gives at most {@link #MAX_POINTS} buckets is chosen;
 * an explicit step may give up to {@link #MAX_EXPLICIT_POINTS} (a day at one minute fits), and one that would give more
 * is refused rather than silently widened.
 */
public record SeriesQuery(String asset, String tag, boolean score, Instant from, Instant to, Duration step) {
    public static final int MAX_POINTS = 1000;
    public static final int MAX_EXPLICIT_POINTS = 2000;
    public static final String SCORE_PREFIX = "score:";
    /** The widest step; beyond it a step in nanoseconds (as the queries bind it) would overflow a long. */
    public static final Duration MAX_STEP = Duration.ofDays(36_525);
    /** The widest from..to; beyond it the range in milliseconds would overflow a long. */
    public static final Duration MAX_RANGE = Duration.ofDays(365_250);

    private static final List<Duration> ROUND_STEPS = List.of(
            Duration.ofMillis(1),
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofDays(1),
            Duration.ofDays(7));

    /** Parses raw query parameters (null when absent); throws {@link ApiException} 400 naming the parameter. */
    public static SeriesQuery parse(String tagParam, String fromParam, String toParam, String stepParam, Instant now) {
        return parse(tagParam, fromParam, toParam, stepParam, now, MAX_EXPLICIT_POINTS);
    }

    /** As {@link #parse(String, String, String, String, Instant)}, allowing an explicit step up to {@code maxPoints}. */
    public static SeriesQuery parse(
            String tagParam, String fromParam, String toParam, String stepParam, Instant now, long maxPoints) {
        if (tagParam == null || tagParam.isBlank()) {
            throw ApiException.badParam("tag is required, as ASSET/TAG or ASSET/score:MODEL");
        }
        String[] parts = tagParam.split("/", -1);
        if (parts.length != 2 || !Tags.isValidId(parts[0])) {
            throw ApiException.badParam("tag '" + tagParam + "' is not ASSET/TAG or ASSET/score:MODEL");
        }
        boolean score = parts[1].startsWith(SCORE_PREFIX);
        String name = score ? parts[1].substring(SCORE_PREFIX.length()) : parts[1];
        if (!Tags.isValidId(name)) {
            throw ApiException.badParam("tag '" + tagParam + "' names an invalid tag or model '" + name + "'");
        }
        Instant to = toParam == null ? now : instant("to", toParam);
        Instant from = fromParam == null ? to.minus(Duration.ofHours(1)) : instant("from", fromParam);
        if (!from.isBefore(to)) {
            throw ApiException.badParam("from " + from + " must be before to " + to);
        }
        Duration range = Duration.between(from, to);
        if (range.compareTo(MAX_RANGE) > 0) {
            throw ApiException.badParam(
                    "from " + from + " to " + to + " spans more than " + MAX_RANGE.toDays() + " days; narrow from/to");
        }
        Duration step = stepParam == null ? autoStep(range) : step(stepParam, range, maxPoints);
        return new SeriesQuery(parts[0], name, score, from, to, step);
    }

    public static Instant instant(String name, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badParam(name + " '" + text + "' is not an ISO-8601 time like 2026-01-31T12:00:00Z");
        }
    }

    private static Duration step(String text, Duration range, long maxPoints) {
        Duration step;
        try {
            step = DurationConverter.parse(text);
        } catch (RuntimeException e) {
            throw ApiException.badParam("step '" + text + "' is not a duration like 1s, 10s, 1m or PT1M");
        }
        if (step.compareTo(Duration.ofMillis(1)) < 0) {
            throw ApiException.badParam("step '" + text + "' must be at least 1ms");
        }
        if (step.compareTo(MAX_STEP) > 0) {
            throw ApiException.badParam("step '" + text + "' must be at most " + MAX_STEP.toDays() + "d");
        }
        if (buckets(range, step) > maxPoints) {
            throw ApiException.badParam("step '" + text + "' gives " + buckets(range, step) + " points over " + range
                    + "; the limit is " + maxPoints + " (widen the step or narrow from/to)");
        }
        return step;
    }

    /** The smallest round step giving at most {@link #MAX_POINTS} buckets over {@code range}. */
    static Duration autoStep(Duration range) {
        for (Duration d : ROUND_STEPS) {
            if (buckets(range, d) <= MAX_POINTS) {
                return d;
            }
        }
        long days = (long) Math.ceil(range.toDays() / (double) MAX_POINTS) + 1;
        return Duration.ofDays(days);
    }

    private static long buckets(Duration range, Duration step) {
        // +1: the range need not start on a bucket boundary
        return range.toMillis() / step.toMillis() + 1;
    }

    /** The {@code tag} parameter as given back in the response. */
    public String tagParam() {
        return asset + "/" + (score ? SCORE_PREFIX : "") + tag;
    }
}
