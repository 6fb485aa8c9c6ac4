package io.vigil.adapters.scan;

/** A reply that does not parse as the protocol a probe speaks: evidence that the target speaks something else. */
public final class MalformedReplyException extends RuntimeException {
    public MalformedReplyException(String message) {
        super(message, null, false, false);
    }
}
