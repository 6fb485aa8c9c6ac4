package io.vigil.edge.registry;

/** A call to the hub's registry failed: unreachable, refused (the status and the hub's message), or a bad answer. */
public final class RegistryException extends RuntimeException {
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
