package io.vigil.hub.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How many CSV exports may stream at once, per user and in total, and how long one may wait for a client that reads
 * nothing. An export holds a read connection for as long as its client takes to read it, so without these bounds a
 * few slow readers hold every connection of the read pool and interactive queries fail with {@code db.unavailable}.
 *
 * @param perUser exports one user (or, with login off, one client address) may stream at once
 * @param total exports the hub streams at once; must leave connections of the read pool for interactive queries
 * @param idleTimeout how long an export waits for its client to read before it gives up and frees its connection
 */
public record ExportLimits(int perUser, int total, Duration idleTimeout) {
    /** Two per user, four in all (half the read pool of eight), 30 s without a read. */
    public static final ExportLimits DEFAULT = new ExportLimits(2, 4, Duration.ofSeconds(30));

    public ExportLimits {
        if (perUser < 1) {
            throw new IllegalArgumentException("export limit perUser " + perUser + " must be at least 1");
        }
        if (total < perUser) {
            throw new IllegalArgumentException(
                    "export limit total " + total + " must be at least perUser (" + perUser + ")");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("export idleTimeout " + idleTimeout + " must be positive");
        }
    }

    /** Checks that the exports leave at least one connection of a read pool of {@code poolSize} to queries. */
    public ExportLimits leavingQueriesOf(int poolSize) {
        if (total >= poolSize) {
            throw new IllegalArgumentException("export limit total " + total + " must be below the read pool size "
                    + poolSize + ", or exports can hold every connection interactive queries need");
        }
        return this;
    }
}
