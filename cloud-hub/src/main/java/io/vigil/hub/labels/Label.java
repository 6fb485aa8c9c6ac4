package io.vigil.hub.labels;

import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A stored label: {@code asset} was in state {@code kind} over {@code [from, to]} (both ends included, so a label of
 * one event has {@code from == to}), said by {@code by} at {@code at}.
 *
 * @param eventId the event the label was put on, if it was put on one
 */
public record Label(
        long id,
        String asset,
        Instant from,
        Instant to,
        LabelKind kind,
        OptionalLong eventId,
        String note,
        String by,
        Instant at) {
    public Label {
        if (!Tags.isValidId(asset)) {
            throw new IllegalArgumentException("asset '" + asset + "' is not a valid id");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventId, "eventId");
        note = note == null ? "" : note;
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }

    /** Whether the label covers the instant {@code t} on {@code onAsset}. */
    public boolean covers(String onAsset, Instant t) {
        return asset.equals(onAsset) && !t.isBefore(from) && !t.isAfter(to);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("asset", asset)
                .put("from", from.toString())
                .put("to", to.toString())
                .put("kind", kind.key())
                .put("event", eventId.isPresent() ? eventId.getAsLong() : null)
                .put("note", note)
                .put("by", by)
                .put("at", at.toString());
    }
}
