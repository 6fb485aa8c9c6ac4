/**
 * The hub's PostgreSQL (or TimescaleDB) store, split along the data path: {@link io.vigil.hub.store.write} takes what
 * agents report into the tables, {@link io.vigil.hub.store.query} reads them back for the REST API and keeps the
 * latest values in memory, {@link io.vigil.hub.store.rollup} keeps the per-minute and per-hour rollups, and
 * {@link io.vigil.hub.store.schema} migrates the schema and lays out the time tables (hypertables or daily
 * partitions, retention). This package holds what they share: the embedded or external {@link io.vigil.hub.store.Database}, the read
 * {@link io.vigil.hub.store.ConnectionPool}, the rows both paths speak ({@link io.vigil.hub.store.AssetRow}, {@link io.vigil.hub.store.EventView}, {@link io.vigil.hub.store.Committed}) and the
 * JDBC conversions. Every method here blocks on JDBC: call it from a worker thread, never from a Vert.x event loop.
 */
package io.vigil.hub.store;
