/**
 * The hub's PostgreSQL (or TimescaleDB) store: the embedded or external database, schema migrations, the batch writer
 * used by ingest, the read queries behind the REST API and the in-memory cache of latest values. Every method here
 * blocks on JDBC: call it from a worker thread, never from a Vert.x event loop.
 */
package io.vigil.hub.store;
