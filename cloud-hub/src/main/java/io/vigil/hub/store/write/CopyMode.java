package io.vigil.hub.store.write;

/** How a writer gets a batch of samples into {@code samples}; both are idempotent (a redelivery adds no row). */
public enum CopyMode {
    /**
     * Binary COPY into a TEMP staging table, then {@code INSERT INTO samples SELECT ... ON CONFLICT DO NOTHING}: every
     * batch pays for the insert from staging.
     */
    STAGED,
    /**
     * Binary COPY straight into {@code samples} under a savepoint; only when that hits an existing key (a redelivery)
     * the batch is rolled back to the savepoint and written the {@link #STAGED} way. Costs about what raw COPY costs
     * while nothing is redelivered; a redelivered batch costs the aborted COPY on top.
     */
    DIRECT
}
