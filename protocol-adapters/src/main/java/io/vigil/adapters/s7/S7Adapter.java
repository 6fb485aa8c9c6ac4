package io.vigil.adapters.s7;

import io.vigil.core.device.AbstractDeviceAdapter;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
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
 *
 * <p><b>Poisoned tags.</b> PLC4X 0.13.1 cannot parse the error item a PLC returns for a data block that does not exist
 * (snap7 answers with return code 0x0A, "object does not exist", and PLC4X's decoder logs "transportSize is null" and
 * drops the frame): the whole request then never completes, and one typo
 * in one address would take every tag of the device down. So when a request of several tags times out, the adapter
 * splits it in halves on the same connection (which stays usable) until it has found the addresses that never answer;
 * those are quarantined: they read {@code BAD}, the rest read normally, the device stays {@code UP} and its health
 * names the quarantined tags. One quarantined tag is tried again alone every {@link #QUARANTINE_RETRY}, so a DB that
 * is downloaded later comes back without a restart. If no address answers at all, the device is down, not its tags.
 */
public final class S7Adapter extends AbstractDeviceAdapter {
    /** Response timeout for connect and every read. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Response timeout for the smaller requests that look for the addresses a PLC never answers. */
    public static final Duration ISOLATION_TIMEOUT = Duration.ofSeconds(2);

    /** How often a quarantined tag is tried again on its own. */
    public static final Duration QUARANTINE_RETRY = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(S7Adapter.class);

    private final S7Endpoint endpoint;
    private final List<S7Address> addresses;

    private volatile PlcConnection connection;
    /** Tag index → when it was last found not to answer. Read and written by one read at a time. */
    private final Map<Integer, Instant> quarantine = new ConcurrentHashMap<>();

    public S7Adapter(DeviceSpec spec, Clock clock) {
        super(spec, clock, "s7", DEFAULT_TIMEOUT);
        this.endpoint = S7Endpoint.parse(spec.endpoint());
        this.addresses = spec.tags().stream().map(S7Adapter::addressOf).toList();
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
    public CompletionStage<Void> connect() {
        return onWorker("connect", () -> {
            disconnect();
            setHealth(DeviceHealth.State.CONNECTING, "connecting to " + endpoint.plc4x());
            PlcConnection fresh =
                    PlcDriverManager.getDefault().getConnectionManager().getConnection(endpoint.plc4x());
            if (!fresh.getMetadata().isReadSupported()) {
                fresh.close();
                throw new DeviceException(describe() + ": the driver cannot read from this PLC");
            }
            connection = fresh;
            updateQuarantineHealth();
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
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (!quarantine.containsKey(i)) {
                active.add(i);
            }
        }
        Map<Integer, Object> values = new TreeMap<>();
        return readAll(current, active, values)
                .thenCompose(unused -> retryOneQuarantined(current, values))
                .thenApply(unused -> toSamples(values));
    }

    /** Reads {@code indices} into {@code values}; on a timeout of several tags, looks for the poisoned ones. */
    private CompletionStage<Void> readAll(PlcConnection current, List<Integer> indices, Map<Integer, Object> values) {
        if (indices.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return request(current, indices, DEFAULT_TIMEOUT)
                .handle((response, error) -> {
                    if (error == null) {
                        collect(response, indices, values);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (!isTimeout(error) || indices.size() < 2) {
                        throw new CompletionException(readFailed(error));
                    }
                    log.warn(
                            "{}: a read of {} tags got no reply within {} ms; looking for addresses the PLC never"
                                    + " answers",
                            describe(),
                            indices.size(),
                            DEFAULT_TIMEOUT.toMillis());
                    List<Integer> silent = new ArrayList<>();
                    return isolate(current, indices, values, silent).thenAccept(unused -> quarantine(indices, silent));
                })
                .thenCompose(stage -> stage);
    }

    /**
     * {@code indices} timed out together: tries each half on its own, and the halves of a half that times out, until
     * every address has answered or has timed out alone (then it is silent).
     */
    private CompletionStage<Void> isolate(
            PlcConnection current, List<Integer> indices, Map<Integer, Object> values, List<Integer> silent) {
        if (indices.size() == 1) {
            silent.add(indices.get(0));
            return CompletableFuture.completedFuture(null);
        }
        List<Integer> left = indices.subList(0, indices.size() / 2);
        List<Integer> right = indices.subList(indices.size() / 2, indices.size());
        return probe(current, left, values, silent).thenCompose(unused -> probe(current, right, values, silent));
    }

    private CompletionStage<Void> probe(
            PlcConnection current, List<Integer> part, Map<Integer, Object> values, List<Integer> silent) {
        return request(current, part, ISOLATION_TIMEOUT)
                .handle((response, error) -> {
                    if (error == null) {
                        collect(response, part, values);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (!isTimeout(error)) {
                        throw new CompletionException(readFailed(error));
                    }
                    return isolate(current, part, values, silent);
                })
                .thenCompose(stage -> stage);
    }

    private void quarantine(List<Integer> indices, List<Integer> silent) {
        if (silent.size() == indices.size()) {
            throw new CompletionException(readFailed(
                    new TimeoutException("none of the " + indices.size() + " addresses answered alone either")));
        }
        Instant now = clock().instant();
        for (int index : silent) {
            quarantine.put(index, now);
            TagSpec tag = spec().tags().get(index);
            log.warn(
                    "{}: tag {} ({}) is quarantined: the PLC never answers a read of this address (PLC4X cannot parse"
                            + " the PLC's error reply, typically a data block that does not exist). It reads BAD, the"
                            + " other tags read normally, and it is tried again every {}.",
                    describe(),
                    tag.id(),
                    tag.address(),
                    QUARANTINE_RETRY.toMinutes());
        }
        updateQuarantineHealth();
    }

    /** Tries the quarantined tag that waited longest, alone, if its retry time has come. */
    private CompletionStage<Void> retryOneQuarantined(PlcConnection current, Map<Integer, Object> values) {
        Instant now = clock().instant();
        Optional<Map.Entry<Integer, Instant>> due = quarantine.entrySet().stream()
                .filter(e -> !e.getValue().plus(QUARANTINE_RETRY).isAfter(now))
                .min(Map.Entry.comparingByValue());
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int index = due.get().getKey();
        List<Integer> one = List.of(index);
        return request(current, one, ISOLATION_TIMEOUT).handle((response, error) -> {
            TagSpec tag = spec().tags().get(index);
            if (error == null) {
                quarantine.remove(index);
                collect(response, one, values);
                log.info("{}: tag {} ({}) answers again and is out of quarantine", describe(), tag.id(), tag.address());
                updateQuarantineHealth();
            } else if (isTimeout(error)) {
                quarantine.put(index, now);
            } else {
                throw new CompletionException(readFailed(error));
            }
            return null;
        });
    }

    private void updateQuarantineHealth() {
        if (quarantine.isEmpty()) {
            setHealth(DeviceHealth.State.UP, "");
            return;
        }
        String names = quarantine.keySet().stream()
                .sorted()
                .map(i ->
                        spec().tags().get(i).id() + " (" + spec().tags().get(i).address() + ")")
                .collect(Collectors.joining(", "));
        setHealth(DeviceHealth.State.UP, "quarantined, the PLC never answers: " + names);
    }

    private CompletableFuture<PlcReadResponse> request(PlcConnection current, List<Integer> indices, Duration timeout) {
        PlcReadRequest.Builder builder = current.readRequestBuilder();
        for (int index : indices) {
            builder.addTagAddress(Integer.toString(index), addresses.get(index).plc4x());
        }
        return builder.build()
                .execute()
                .<PlcReadResponse>thenApply(response -> response)
                .toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void collect(PlcReadResponse response, List<Integer> indices, Map<Integer, Object> values) {
        for (int index : indices) {
            String name = Integer.toString(index);
            values.put(index, response.getResponseCode(name) == PlcResponseCode.OK ? response.getObject(name) : null);
        }
    }

    private static boolean isTimeout(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof TimeoutException;
    }

    private List<Sample> toSamples(Map<Integer, Object> values) {
        Instant now = clock().instant();
        var samples = new ArrayList<Sample>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            TagSpec tag = spec().tags().get(i);
            Object value = values.get(i);
            samples.add(value == null ? Sample.bad(tag.id(), now) : valueOf(tag, value, now));
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

    private DeviceException readFailed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = describe() + ": read failed: "
                + (cause instanceof TimeoutException
                        ? "no reply within " + DEFAULT_TIMEOUT.toMillis() + " ms"
                                + (cause.getMessage() == null ? "" : "; " + cause.getMessage())
                        : cause.toString());
        setHealth(DeviceHealth.State.DOWN, reason);
        log.warn("{}", reason);
        return new DeviceException(reason, cause);
    }

    @Override
    protected DeviceException failure(String operation, Exception e) {
        if (e instanceof DeviceException known) {
            setHealth(DeviceHealth.State.DOWN, known.getMessage());
            return known;
        }
        String reason = describe() + ": " + operation + " failed: " + e.getMessage();
        setHealth(DeviceHealth.State.DOWN, reason);
        log.warn("{}", reason);
        return new DeviceException(reason, e);
    }

    @Override
    protected void disconnect() {
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

    @Override
    protected String describe() {
        return "device " + spec().id() + " (S7 " + endpoint.host() + ":" + endpoint.port() + " rack " + endpoint.rack()
                + " slot " + endpoint.slot() + ")";
    }
}
