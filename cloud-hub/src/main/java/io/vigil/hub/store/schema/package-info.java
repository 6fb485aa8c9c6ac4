/**
 * The shape of the database: schema migrations ({@link io.vigil.hub.store.schema.Migrator}), the time-series layout
 * (TimescaleDB hypertables with continuous aggregates, or plain tables with daily range partitions: {@link
 * io.vigil.hub.store.schema.TimeSeriesLayout}) and the keeper of partitions and retention ({@link
 * io.vigil.hub.store.schema.PartitionKeeper}, {@link io.vigil.hub.store.schema.StorageSettings}).
 */
package io.vigil.hub.store.schema;
