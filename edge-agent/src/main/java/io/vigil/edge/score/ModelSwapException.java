package io.vigil.edge.score;

/** A new model version was refused; the message names the model, both versions and the reason. */
public class ModelSwapException extends RuntimeException {
    public ModelSwapException(String message, Throwable cause) {
        super(message, cause);
    }
}
