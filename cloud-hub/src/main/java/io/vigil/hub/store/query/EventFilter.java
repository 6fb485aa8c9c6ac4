package io.vigil.hub.store.query;

import java.time.Instant;
import java.util.Optional;

/** Which events to list; empty fields do not filter. */
public record EventFilter(Optional<String> type, Optional<String> asset, Optional<Instant> from, Optional<Instant> to) {
    public EventFilter {
        type = type == null ? Optional.empty() : type;
        asset = asset == null ? Optional.empty() : asset;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
    }
}
