package io.vigil.hub.store;

/** A database operation failed; the message names the operation and the database's reason. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
