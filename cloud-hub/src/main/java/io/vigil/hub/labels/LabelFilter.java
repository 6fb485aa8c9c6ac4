package io.vigil.hub.labels;

import java.time.Instant;
import java.util.Optional;

/**
 * Which labels to list: on {@code asset} (all assets when empty), overlapping {@code [from, to)} (unbounded where
 * empty), of {@code kind} (all kinds when empty).
 */
public record LabelFilter(
        Optional<String> asset, Optional<Instant> from, Optional<Instant> to, Optional<LabelKind> kind) {
    public LabelFilter {
        asset = asset == null ? Optional.empty() : asset;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        kind = kind == null ? Optional.empty() : kind;
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw new IllegalArgumentException("to " + to.get() + " must be after from " + from.get());
        }
    }

    public static LabelFilter all() {
        return new LabelFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
