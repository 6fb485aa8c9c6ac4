package io.vigil.model.serve;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a call into ONNX Runtime on a thread with a large native stack.
 *
 * <p>ONNX Runtime's session initialization needs more stack than a JVM thread gets by default (1 MiB on Linux x64):
 * on this project's build machine {@code vigil demo} died with SIGSEGV, and without an {@code hs_err} file because the
 * overflow happened in native code, whenever the session was created on a default-sized thread, and never with
 * {@code -Xss4m}. Giving the native call its own thread with an explicit stack makes the library safe whatever thread
 * its caller runs on, without asking every launcher for a JVM flag.
 */
final class NativeStack {
    /** Stack size of the thread that runs the native call; virtual memory only, committed as it is touched. */
    static final long STACK_BYTES = 16L << 20;

    private NativeStack() {}

    /** Runs {@code call} on a fresh thread with {@link #STACK_BYTES} of stack and returns its result or rethrows. */
    static <T> T call(String name, Supplier<T> call) {
        var result = new AtomicReference<T>();
        var failure = new AtomicReference<Throwable>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        result.set(call.get());
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                name,
                STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the native call cannot be abandoned halfway; finish it, then re-interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return result.get();
    }
}
