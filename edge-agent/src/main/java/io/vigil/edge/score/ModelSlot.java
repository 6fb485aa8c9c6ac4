package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving version of one model id, replaceable while windows are being scored.
 *
 * <p>How a swap works: the new version is loaded, checked and warmed by its loader on the caller's executor (never
 * the scoring thread), then checked against the serving version (same id, input tags, window length and stride: the
 * window assemblers were built for those), then installed with one {@link AtomicReference#getAndSet}. A batch that
 * started before the switch finishes on the old version, a batch that starts after it uses the new one: each batch
 * takes a lease (a reference count) on the version it read, and the old version is closed by whichever comes last,
 * the swap or the last lease. Scoring never waits for a swap and a window is never scored by a closed model.
 *
 * <p>A version that fails to load or does not fit is rejected: the serving version keeps serving, the returned stage
 * fails with {@link ModelSwapException} carrying the loader's message, and a rejected {@link SwapEvent} is published.
 */
public final class ModelSlot implements WindowModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

    private final AtomicReference<Lease> current;
    private final Clock clock;
    private final Consumer<SwapEvent> events;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ModelSlot(WindowModel initial, Clock clock, Consumer<SwapEvent> events) {
        this.current = new AtomicReference<>(new Lease(Objects.requireNonNull(initial, "initial")));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The manifest of the version serving now. */
    @Override
    public ModelManifest manifest() {
        return current.get().model.manifest();
    }

    @Override
    public float[] score(float[] windows, int batch) {
        Lease lease = acquire();
        try {
            return lease.model.score(windows, batch);
        } finally {
            lease.release();
        }
    }

    @Override
    public ScoredBatch scoreBatch(int batch, Function<ModelManifest, float[]> encoder) {
        Lease lease = acquire();
        try {
            ModelManifest m = lease.model.manifest();
            return new ScoredBatch(m, lease.model.score(encoder.apply(m), batch));
        } finally {
            lease.release();
        }
    }

    /**
     * Loads a new version with {@code loader} on {@code executor}, then installs it.
     *
     * @return completes with the new manifest once it serves, or fails with {@link ModelSwapException}
     */
    public CompletionStage<ModelManifest> swap(Supplier<? extends WindowModel> loader, Executor executor) {
        return CompletableFuture.supplyAsync(
                () -> {
                    WindowModel loaded;
                    try {
                        loaded = loader.get();
                    } catch (RuntimeException e) {
                        throw reject(null, e.getMessage(), e);
                    }
                    return install(loaded);
                },
                executor);
    }

    /**
     * Installs an already loaded and warmed version; closes it and throws if it does not fit this slot.
     *
     * @throws ModelSwapException if the id, input tags, window length or stride differ from the serving version
     */
    public ModelManifest install(WindowModel loaded) {
        ModelManifest serving = manifest();
        ModelManifest next = loaded.manifest();
        String misfit = misfit(serving, next);
        if (misfit != null) {
            loaded.close();
            throw reject(next, misfit, null);
        }
        long start = System.nanoTime();
        Lease old = current.getAndSet(new Lease(loaded));
        long switchNanos = System.nanoTime() - start;
        old.release();
        var event = SwapEvent.accepted(clock.instant(), serving.id(), serving.version(), next.version(), switchNanos);
        LOG.info(
                "model {} swapped {} -> {} (switch {} ns)",
                serving.id(),
                serving.version(),
                next.version(),
                switchNanos);
        events.accept(event);
        return next;
    }

    /** Closes the serving version once its in-flight batches are done; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            current.get().release();
        }
    }

    private Lease acquire() {
        while (true) {
            Lease lease = current.get();
            if (lease.retain()) {
                return lease;
            }
            // released between get() and retain(): a swap installed a newer version, read it again
        }
    }

    private ModelSwapException reject(ModelManifest next, String reason, Throwable cause) {
        ModelManifest serving = manifest();
        String version = next == null ? "?" : next.version();
        var event = SwapEvent.rejected(clock.instant(), serving.id(), serving.version(), version, reason);
        LOG.warn(
                "model {}: new version {} rejected, {} keeps serving: {}",
                serving.id(),
                version,
                serving.version(),
                reason);
        events.accept(event);
        return new ModelSwapException(
                "model " + serving.id() + " version " + version + " rejected (" + serving.version()
                        + " keeps serving): " + reason,
                cause);
    }

    static String misfit(ModelManifest serving, ModelManifest next) {
        if (!serving.id().equals(next.id())) {
            return "id is " + next.id() + " but this slot serves " + serving.id();
        }
        if (!serving.inputTags().equals(next.inputTags())) {
            return "inputTags is " + next.inputTags() + " but the serving version has " + serving.inputTags();
        }
        if (serving.windowLength() != next.windowLength()) {
            return "windowLength is " + next.windowLength() + " but the serving version has " + serving.windowLength();
        }
        if (serving.stride() != next.stride()) {
            return "stride is " + next.stride() + " but the serving version has " + serving.stride();
        }
        return null;
    }

    /** One installed version and its reference count: 1 for the slot itself plus 1 per batch in flight. */
    private static final class Lease {
        final WindowModel model;
        final AtomicInteger refs = new AtomicInteger(1);

        Lease(WindowModel model) {
            this.model = model;
        }

        boolean retain() {
            while (true) {
                int n = refs.get();
                if (n == 0) {
                    return false;
                }
                if (refs.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                model.close();
            }
        }
    }
}
