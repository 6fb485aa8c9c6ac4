package io.vigil.model.serve;

/** An inference that ONNX Runtime refused or failed; the message names the model and the cause. */
public class ScoringException extends RuntimeException {
    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
