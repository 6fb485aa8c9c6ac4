package io.vigil.edge.device;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one device read for as long as the agent runs.
 *
 * <p>Connects with {@link Backoff}, then either polls {@link DeviceAdapter#read} every interval or, for adapters that
 * push, {@link DeviceAdapter#subscribe subscribes} and watches {@link DeviceAdapter#health}. Any failure turns the
 * device DOWN with its reason, closes the adapter and starts over with a fresh one from the factory: a fresh
 * connection is the one recovery that works the same for every protocol. State changes are logged and reported once;
 * retries in between are quiet, so an unplugged PLC does not flood the log.
 *
 * <p>Everything runs on the injected scheduler; adapter calls are asynchronous, and a call that never completes is
 * cut off by a timeout so a hung device cannot stall the loop.
 */
public final class DeviceRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRunner.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Extra time a subscription may take per tag: OPC UA creates monitored items 1,000 per request, each request with
     * its own 5 s timeout, so 5 ms per tag bounds a slow but progressing set-up (100,000 items took 52-68 s on a shared
     * 2-core machine) while a hung one is still cut off.
     */
    private static final Duration SUBSCRIBE_TIME_PER_TAG = Duration.ofMillis(5);

    private final DeviceSpec spec;
    private final Supplier<DeviceAdapter> adapters;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Backoff backoff;
    private final DeviceListener listener;
    private DeviceAdapter adapter;
    private DeviceHealth health;
    private ScheduledFuture<?> pending;
    private boolean closed;
    private long generation;

    public DeviceRunner(
            DeviceSpec spec,
            Supplier<DeviceAdapter> adapters,
            ScheduledExecutorService scheduler,
            Clock clock,
            Backoff backoff,
            DeviceListener listener) {
        this.spec = spec;
        this.adapters = adapters;
        this.scheduler = scheduler;
        this.clock = clock;
        this.backoff = backoff;
        this.listener = listener;
        this.health = new DeviceHealth(DeviceHealth.State.CONNECTING, "not connected yet", clock.instant());
    }

    public DeviceSpec spec() {
        return spec;
    }

    public synchronized DeviceHealth health() {
        return health;
    }

    /** Starts connecting; returns at once. */
    public synchronized void start() {
        schedule(this::connect, Duration.ZERO);
    }

    private void connect() {
        long gen;
        DeviceAdapter a;
        synchronized (this) {
            if (closed) {
                return;
            }
            gen = ++generation;
            try {
                adapter = adapters.get();
            } catch (RuntimeException e) {
                failed(gen, e);
                return;
            }
            a = adapter;
        }
        timed(a.connect(), CONNECT_TIMEOUT).whenComplete((ok, error) -> {
            if (error != null) {
                failed(gen, error);
            } else {
                connected(gen, a);
            }
        });
    }

    private void connected(long gen, DeviceAdapter a) {
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            backoff.reset();
        }
        if (a.supportsSubscription()) {
            timed(
                            a.subscribe(samples -> deliver(gen, samples)),
                            subscribeTimeout(spec.tags().size()))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            failed(gen, error);
                        } else {
                            up(gen);
                            scheduleWatch(gen, a);
                        }
                    });
        } else {
            poll(gen, a);
        }
    }

    private void poll(long gen, DeviceAdapter a) {
        long started = clock.millis();
        timed(a.read(), readTimeout()).whenComplete((samples, error) -> {
            if (error != null) {
                failed(gen, error);
                return;
            }
            up(gen);
            deliver(gen, samples);
            long wait = Math.max(0, spec.interval().toMillis() - (clock.millis() - started));
            synchronized (this) {
                if (gen == generation && !closed) {
                    schedule(() -> poll(gen, a), Duration.ofMillis(wait));
                }
            }
        });
    }

    private void scheduleWatch(long gen, DeviceAdapter a) {
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            schedule(
                    () -> {
                        DeviceHealth h = a.health();
                        if (h.state() == DeviceHealth.State.DOWN) {
                            failed(gen, new IllegalStateException(h.detail()));
                        } else {
                            scheduleWatch(gen, a);
                        }
                    },
                    spec.interval());
        }
    }

    private void deliver(long gen, List<Sample> samples) {
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
        }
        listener.samples(spec, samples);
    }

    private void up(long gen) {
        DeviceHealth changed = null;
        synchronized (this) {
            if (gen == generation && !closed && health.state() != DeviceHealth.State.UP) {
                health = new DeviceHealth(DeviceHealth.State.UP, "", clock.instant());
                changed = health;
            }
        }
        if (changed != null) {
            LOG.info("device {} ({} {}) is up", spec.id(), spec.protocol().configName(), spec.endpoint());
            listener.healthChanged(spec, changed);
        }
    }

    private void failed(long gen, Throwable error) {
        String reason = reason(error);
        DeviceHealth changed = null;
        DeviceAdapter old;
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
            old = adapter;
            adapter = null;
            generation++;
            if (health.state() != DeviceHealth.State.DOWN) {
                health = new DeviceHealth(DeviceHealth.State.DOWN, reason, clock.instant());
                changed = health;
            }
            schedule(this::connect, backoff.next());
        }
        closeQuietly(old);
        if (changed != null) {
            String what = reason.startsWith("device " + spec.id())
                    ? reason
                    : "device " + spec.id() + " (" + spec.protocol().configName() + " " + spec.endpoint() + "): "
                            + reason;
            LOG.warn("{}; device down, retrying with backoff", what);
            listener.healthChanged(spec, changed);
        }
    }

    /** Stops reading and closes the adapter; never throws. */
    @Override
    public void close() {
        DeviceAdapter old;
        synchronized (this) {
            closed = true;
            if (pending != null) {
                pending.cancel(false);
            }
            old = adapter;
            adapter = null;
        }
        closeQuietly(old);
    }

    private void schedule(Runnable task, Duration delay) {
        if (!scheduler.isShutdown()) {
            pending = scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Duration readTimeout() {
        return spec.interval().multipliedBy(3).plusSeconds(10);
    }

    /** How long subscribing to {@code tags} tags may take before the device is reported down. */
    static Duration subscribeTimeout(int tags) {
        return CONNECT_TIMEOUT.plus(SUBSCRIBE_TIME_PER_TAG.multipliedBy(tags));
    }

    private static <T> CompletableFuture<T> timed(CompletionStage<T> stage, Duration timeout) {
        return stage.toCompletableFuture().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String reason(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof TimeoutException) {
            return "no answer (timed out)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void closeQuietly(DeviceAdapter a) {
        if (a == null) {
            return;
        }
        try {
            a.close();
        } catch (RuntimeException e) {
            LOG.debug("closing adapter of device {}: {}", spec.id(), e.toString());
        }
    }
}
