package io.vigil.core.wire;

/** A payload that cannot be decoded; the message names the first problem found. */
public class MalformedPayloadException extends RuntimeException {
    public MalformedPayloadException(String message) {
        super(message, null, false, false);
    }
}
