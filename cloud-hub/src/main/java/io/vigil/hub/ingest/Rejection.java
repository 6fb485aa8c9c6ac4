package io.vigil.hub.ingest;

/** A message the hub will not store, and why ({@code reason} is the tag of {@code vigil_ingest_rejected_total}). */
final class Rejection extends RuntimeException {
    final String reason;

    Rejection(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }
}
