package io.vigil.core.device;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Runs an adapter's blocking device call on the adapter's own thread and turns the outcome into a stage. Protocol
 * libraries block (j2mod) or complete on their own threads (Milo); every adapter keeps one executor per connection so
 * that a device sees one outstanding request at a time and a slow device never holds up the caller.
 */
public final class DeviceCalls {
    private DeviceCalls() {}

    /** The single daemon thread an adapter runs its blocking calls on, named {@code threadName}. */
    public static ExecutorService worker(String threadName) {
        return Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Submits {@code work} to {@code executor}.
     *
     * @param failure maps what the work threw to the one exception the stage fails with
     * @param describe names the device, for the message when the executor was already shut down
     */
    public static <T> CompletionStage<T> submit(
            Executor executor,
            String operation,
            Callable<T> work,
            Function<Exception, DeviceException> failure,
            String describe) {
        var result = new CompletableFuture<T>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception e) {
                    result.completeExceptionally(failure.apply(e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DeviceException(describe + ": " + operation + " after close"));
        }
        return result;
    }
}
