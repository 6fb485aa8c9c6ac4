package io.vigil.model.pkg;

/**
 * A model package that cannot be used: a missing or tampered file, a manifest that does not parse, or a graph that
 * disagrees with its manifest. The message names the file, the field and both values, because an operator reads it
 * in a log with no debugger at hand; it carries no stack trace worth reading, so only the message matters.
 */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
