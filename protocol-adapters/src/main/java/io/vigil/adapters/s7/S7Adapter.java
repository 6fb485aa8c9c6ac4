package io.vigil.adapters.s7;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceCalls;
import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcDriverManager;
import org.apache.plc4x.java.api.messages.PlcReadRequest;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a Siemens S7 PLC with Apache PLC4X's S7 driver.
 *
 * <p>Addresses are parsed when the adapter is built ({@link S7Address}), so a typo fails at configuration time. Every
 * read is one PLC4X read request holding all tags; the driver packs the items into as few S7 requests as the PDU size
 * negotiated at connect allows. A tag the PLC refuses (no such DB, out of range) comes back {@code BAD}; a timeout or
 * a broken connection fails the read with a {@link DeviceException} and marks the device {@code DOWN}, and the caller
 * reconnects with {@link #connect()}. Connecting blocks in PLC4X, so it runs on a thread owned by the adapter.
 */
public final class S7Adapter implements DeviceAdapter {
    /** Response timeout for connect and every read. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(S7Adapter.class);

    private final DeviceSpec spec;
    private final S7Endpoint endpoint;
    private final List<S7Address> addresses;
    private final Clock clock;
    private final ExecutorService worker;

    private volatile PlcConnection connection;
    private volatile DeviceHealth health;

    public S7Adapter(DeviceSpec spec, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.endpoint = S7Endpoint.parse(spec.endpoint());
        this.addresses = spec.tags().stream().map(S7Adapter::addressOf).toList();
        this.health = new DeviceHealth(DeviceHealth.State.DOWN, "not connected yet", clock.instant());
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            var thread = new Thread(runnable, "s7-" + spec.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    public S7Adapter(DeviceSpec spec) {
        this(spec, Clock.systemUTC());
    }

    private static S7Address addressOf(TagSpec tag) {
        try {
            return S7Address.parse(tag.address(), Optional.of(tag.type()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tag " + tag.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DeviceSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<Void> connect() {
        return onWorker("connect", () -> {
            disconnectQuietly();
            setHealth(DeviceHealth.State.CONNECTING, "connecting to " + endpoint.plc4x());
            PlcConnection fresh =
                    PlcDriverManager.getDefault().getConnectionManager().getConnection(endpoint.plc4x());
            if (!fresh.getMetadata().isReadSupported()) {
                fresh.close();
                throw new DeviceException(describe() + ": the driver cannot read from this PLC");
            }
            connection = fresh;
            setHealth(DeviceHealth.State.UP, "");
            log.info("{}: connected, {} tags", describe(), addresses.size());
            return null;
        });
    }

    @Override
    public CompletionStage<List<Sample>> read() {
        PlcConnection current = connection;
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new DeviceException(describe() + ": read while not connected; call connect() first"));
        }
        PlcReadRequest.Builder builder = current.readRequestBuilder();
        for (int i = 0; i < addresses.size(); i++) {
            builder.addTagAddress(Integer.toString(i), addresses.get(i).plc4x());
        }
        return builder.build()
                .execute()
                .orTimeout(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(readFailed(error));
                    }
                    return toSamples(response);
                });
    }

    private List<Sample> toSamples(PlcReadResponse response) {
        Instant now = clock.instant();
        var samples = new ArrayList<Sample>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            TagSpec tag = spec.tags().get(i);
            String name = Integer.toString(i);
            samples.add(
                    response.getResponseCode(name) == PlcResponseCode.OK
                            ? valueOf(tag, response.getObject(name), now)
                            : Sample.bad(tag.id(), now));
        }
        return samples;
    }

    private static Sample valueOf(TagSpec tag, Object value, Instant now) {
        if (value instanceof Number n) {
            return Sample.good(tag.id(), now, tag.toEngineering(n.doubleValue()));
        }
        if (value instanceof Boolean b) {
            return Sample.good(tag.id(), now, tag.toEngineering(b ? 1 : 0));
        }
        return Sample.bad(tag.id(), now);
    }

    @Override
    public boolean supportsSubscription() {
        return false;
    }

    @Override
    public CompletionStage<Void> subscribe(Consumer<List<Sample>> sink) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(describe() + ": S7 devices are polled, not subscribed"));
    }

    @Override
    public DeviceHealth health() {
        return health;
    }

    @Override
    public void close() {
        try {
            worker.execute(this::disconnectQuietly);
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        worker.shutdown();
        try {
            worker.awaitTermination(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DeviceException readFailed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = describe() + ": read failed: "
                + (cause instanceof java.util.concurrent.TimeoutException
                        ? "no reply within " + DEFAULT_TIMEOUT.toMillis() + " ms"
                        : cause.toString());
        setHealth(DeviceHealth.State.DOWN, reason);
        log.warn("{}", reason);
        return new DeviceException(reason, cause);
    }

    private <T> CompletionStage<T> onWorker(String operation, Callable<T> work) {
        return DeviceCalls.submit(worker, operation, work, e -> failure(operation, e), describe());
    }

    private DeviceException failure(String operation, Exception e) {
        if (e instanceof DeviceException known) {
            setHealth(DeviceHealth.State.DOWN, known.getMessage());
            return known;
        }
        String reason = describe() + ": " + operation + " failed: " + e.getMessage();
        setHealth(DeviceHealth.State.DOWN, reason);
        log.warn("{}", reason);
        return new DeviceException(reason, e);
    }

    private void disconnectQuietly() {
        PlcConnection current = connection;
        connection = null;
        if (current != null) {
            setHealth(DeviceHealth.State.DOWN, "disconnected");
            try {
                current.close();
            } catch (Exception e) {
                log.debug("{}: close failed: {}", describe(), e.getMessage());
            }
        }
    }

    private void setHealth(DeviceHealth.State state, String detail) {
        health = new DeviceHealth(state, detail, clock.instant());
    }

    private String describe() {
        return "device " + spec.id() + " (S7 " + endpoint.host() + ":" + endpoint.port() + " rack " + endpoint.rack()
                + " slot " + endpoint.slot() + ")";
    }
}
