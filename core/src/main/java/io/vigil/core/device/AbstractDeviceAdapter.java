package io.vigil.core.device;

import io.vigil.core.sample.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every adapter of a blocking protocol library shares: the one worker thread its device calls run on (see
 * {@link DeviceCalls}), its {@link DeviceHealth}, closing, and being polled rather than subscribed unless it says
 * otherwise. A subclass is the protocol: how to connect, read, describe itself and disconnect.
 */
public abstract class AbstractDeviceAdapter implements DeviceAdapter {
    private final DeviceSpec spec;
    private final Clock clock;
    private final ExecutorService worker;
    private final Duration closeWait;
    private volatile DeviceHealth health;

    /**
     * @param threadPrefix the worker thread is named {@code threadPrefix-deviceId}
     * @param closeWait how long {@link #close()} waits for the disconnect to finish; zero returns at once
     */
    protected AbstractDeviceAdapter(DeviceSpec spec, Clock clock, String threadPrefix, Duration closeWait) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.closeWait = Objects.requireNonNull(closeWait, "closeWait");
        this.health = new DeviceHealth(DeviceHealth.State.DOWN, "not connected yet", clock.instant());
        this.worker = DeviceCalls.worker(threadPrefix + "-" + spec.id());
    }

    @Override
    public final DeviceSpec spec() {
        return spec;
    }

    @Override
    public boolean supportsSubscription() {
        return false;
    }

    @Override
    public CompletionStage<Void> subscribe(Consumer<List<Sample>> sink) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                describe() + ": " + spec.protocol().configName() + " devices are polled with read(), not subscribed"));
    }

    @Override
    public final DeviceHealth health() {
        return health;
    }

    /** Disconnects on the worker (after the calls already queued) and stops it; never throws. */
    @Override
    public final void close() {
        try {
            worker.execute(this::disconnect);
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        worker.shutdown();
        if (closeWait.isZero()) {
            return;
        }
        try {
            worker.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Names the device and how it is reached, for every log line and error message. */
    protected abstract String describe();

    /** Maps what a device call threw to the one exception its stage fails with; may mark the device down. */
    protected abstract DeviceException failure(String operation, Exception e);

    /** Drops the connection; runs on the worker when the adapter closes. Never throws. */
    protected abstract void disconnect();

    /** Runs a blocking device call on the worker. */
    protected final <T> CompletionStage<T> onWorker(String operation, Callable<T> work) {
        return DeviceCalls.submit(worker, operation, work, e -> failure(operation, e), describe());
    }

    /** The worker, for follow-up work a protocol library's own thread hands back; rejects after close. */
    protected final Executor worker() {
        return worker;
    }

    protected final Clock clock() {
        return clock;
    }

    /** Records a new state; the same state and detail again keeps {@link DeviceHealth#since()} where it was. */
    protected final void setHealth(DeviceHealth.State state, String detail) {
        DeviceHealth now = health;
        if (now.state() != state || !now.detail().equals(detail)) {
            health = new DeviceHealth(state, detail, clock.instant());
        }
    }
}
