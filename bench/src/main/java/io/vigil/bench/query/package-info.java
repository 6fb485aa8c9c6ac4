/**
 * {@code vigil bench query}: history queries at step 1 min from the rollups against the raw samples, and through
 * the REST API, on a hub in this process ({@link QueryBench}).
 */
package io.vigil.bench.query;
