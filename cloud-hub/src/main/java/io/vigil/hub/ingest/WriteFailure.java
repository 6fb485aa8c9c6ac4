package io.vigil.hub.ingest;

/**
 * The last commit that failed, while commits fail.
 *
 * @param message the database's reason ("could not extend file … No space left on device")
 * @param count failed commits since the last one that succeeded; a new count means a new failure
 */
public record WriteFailure(String message, long count) {}
