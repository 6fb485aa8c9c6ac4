package io.vigil.hub.labels;

import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A label as a person asks for it: either a range ({@code asset}, {@code from}, {@code to}) or an event ({@code event},
 * whose asset and time the store fills in; a range given with it widens the label around the event).
 */
public record LabelRequest(
        Optional<String> asset,
        Optional<Instant> from,
        Optional<Instant> to,
        LabelKind kind,
        OptionalLong eventId,
        String note) {
    /** The longest note kept; a label is a verdict, not a report. */
    public static final int MAX_NOTE = 2000;

    public LabelRequest {
        if (eventId.isEmpty() && (asset.isEmpty() || from.isEmpty() || to.isEmpty())) {
            throw new IllegalArgumentException("a label needs an event, or an asset with from and to");
        }
        asset.ifPresent(a -> {
            if (!Tags.isValidId(a)) {
                throw new IllegalArgumentException("asset '" + a + "' is not a valid id");
            }
        });
        if (from.isPresent() != to.isPresent()) {
            throw new IllegalArgumentException("from and to go together: give both or neither");
        }
        if (from.isPresent() && to.get().isBefore(from.get())) {
            throw new IllegalArgumentException("to " + to.get() + " is before from " + from.get());
        }
        if (note == null) {
            note = "";
        }
        if (note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note has " + note.length() + " characters, more than " + MAX_NOTE);
        }
    }

    /** Reads {@code {asset, from, to, kind, event, note}}; a bad field throws naming the field and the value. */
    public static LabelRequest parse(JsonObject body) {
        Object kind = body.getValue("kind");
        if (!(kind instanceof String k)) {
            throw new IllegalArgumentException(
                    "kind '" + kind + "' must be one of fault, false_alarm, maintenance," + " normal");
        }
        Object event = body.getValue("event");
        OptionalLong eventId;
        if (event == null) {
            eventId = OptionalLong.empty();
        } else if (event instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
            eventId = OptionalLong.of(n.longValue());
        } else {
            throw new IllegalArgumentException("event '" + event + "' must be a positive event id");
        }
        Object note = body.getValue("note");
        if (note != null && !(note instanceof String)) {
            throw new IllegalArgumentException("note '" + note + "' must be text");
        }
        return new LabelRequest(
                text(body, "asset"), time(body, "from"), time(body, "to"), LabelKind.of(k), eventId, (String) note);
    }

    private static Optional<String> text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(field + " '" + v + "' must be text");
        }
        return Optional.of(s);
    }

    private static Optional<Instant> time(JsonObject body, String field) {
        return text(body, field).map(t -> {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + " '" + t + "' is not an ISO-8601 instant", e);
            }
        });
    }
}
