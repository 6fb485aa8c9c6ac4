package io.vigil.hub.security;

/** A security operation that cannot be done (CA missing, unreadable key store, bad user file), with the reason. */
public final class SecuritySetupException extends RuntimeException {
    public SecuritySetupException(String message) {
        super(message, null, false, false);
    }

    public SecuritySetupException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
