package io.vigil.hub.api;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the CSV exports streaming now, per user and in total, and refuses one more beyond {@link ExportLimits}. A
 * refusal comes before the first byte and before any connection is taken, so it costs the pool nothing. Plain
 * synchronized counters: exports start a few times a second at most.
 */
final class ExportSlots {
    private final ExportLimits limits;
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;

    ExportSlots(ExportLimits limits) {
        this.limits = limits;
    }

    /** Takes a slot for {@code user}, or throws {@code export.busy} naming the limit that was reached. */
    synchronized Slot take(String user) {
        int mine = perUser.getOrDefault(user, 0);
        if (mine >= limits.perUser()) {
            throw ApiError.EXPORT_BUSY.exception("'" + user + "' already streams " + mine
                    + " CSV exports, the most one user may (" + limits.perUser() + "); retry when one ends");
        }
        if (total >= limits.total()) {
            throw ApiError.EXPORT_BUSY.exception("the hub already streams " + total + " CSV exports, the most it"
                    + " allows at once (" + limits.total() + "); retry later");
        }
        perUser.put(user, mine + 1);
        total++;
        return new Slot(user);
    }

    synchronized int active() {
        return total;
    }

    private synchronized void release(String user) {
        perUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
        total--;
    }

    /** One export's slot; closing it twice releases it once. */
    final class Slot implements AutoCloseable {
        private final String user;
        private boolean open = true;

        private Slot(String user) {
            this.user = user;
        }

        @Override
        public void close() {
            synchronized (ExportSlots.this) {
                if (open) {
                    open = false;
                    release(user);
                }
            }
        }
    }
}
