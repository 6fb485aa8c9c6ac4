/**
 * The read path: {@link io.vigil.hub.store.query.HubQueries} (series lookup, downsampling from raw samples or the
 * rollups, events, totals) on the read pool, the views the REST API returns, and {@link
 * io.vigil.hub.store.query.LatestValues}, the in-memory latest value of every tag, fed by each commit so that
 * {@code /assets} and the live feed never query the database.
 */
package io.vigil.hub.store.query;
