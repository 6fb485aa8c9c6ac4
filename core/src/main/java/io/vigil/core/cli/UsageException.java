package io.vigil.core.cli;

/** Bad input from the operator (option, config file, port in use): printed as one line, exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
