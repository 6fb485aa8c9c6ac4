/**
 * The REST API under {@code /api/v1} (health, assets, series, events), {@code /metrics}, and the static twin files.
 * Errors are JSON {@code {"code","status","message"}} with stable codes; database calls run on worker threads.
 */
package io.vigil.hub.api;
