/**
 * Per-minute and per-hour rollups of the samples: where they live ({@link io.vigil.hub.store.rollup.RollupSource}),
 * which ranges of a query they answer ({@link io.vigil.hub.store.rollup.RollupPlan}), and on plain PostgreSQL the job
 * that rebuilds the ranges the writers marked dirty ({@link io.vigil.hub.store.rollup.Rollups},
 * {@link io.vigil.hub.store.rollup.RollupJob}), off the ingest commit path.
 */
package io.vigil.hub.store.rollup;
