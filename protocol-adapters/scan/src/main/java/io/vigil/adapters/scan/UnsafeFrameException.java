package io.vigil.adapters.scan;

/**
 * Thrown by {@link FrameGuard} for a frame the scanner must never send (write, run/stop, reset, download, or anything
 * it cannot prove is an identification or read request). Seeing one is a bug in a probe, never a device problem.
 */
public final class UnsafeFrameException extends RuntimeException {
    public UnsafeFrameException(String message) {
        super(message);
    }
}
