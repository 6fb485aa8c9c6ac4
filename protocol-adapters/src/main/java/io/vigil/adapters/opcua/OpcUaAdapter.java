package io.vigil.adapters.opcua;

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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and subscribes to an OPC UA server with the Eclipse Milo client.
 *
 * <p>Tag addresses are NodeIds in their text form ({@code ns=2;s=pump1.flow}) and are parsed when the adapter is
 * built, so a typo fails at configuration time. {@link OpcUaConnector} opens the session with the device's security
 * (policy, mode, identity, the agent's certificate and trust store). A {@link TagSubscription} creates its monitored
 * items in batches of {@value #MONITORED_ITEMS_PER_CALL}, or of the server's MaxMonitoredItemsPerCall when that is
 * lower, with up to {@value #DEFAULT_SUBSCRIBE_PIPELINE} requests outstanding at once (the pipeline, set per adapter),
 * and creates them again when a restarted server lost them.
 *
 * <p>Milo keeps the session alive and reconnects on its own; the session listener mirrors that in {@link #health()}.
 * Discovery and subscription set-up are blocking in Milo, so they run on a thread owned by the adapter. A status code
 * of a single node is data (the sample's quality), a failed service call fails the stage with a
 * {@link DeviceException}.
 */
public final class OpcUaAdapter extends AbstractDeviceAdapter {
    private static final Logger log = LoggerFactory.getLogger(OpcUaAdapter.class);
    private static final int REQUEST_TIMEOUT_MS = OpcUaConnector.REQUEST_TIMEOUT_MS;
    /** Monitored items per CreateMonitoredItems request. */
    static final int MONITORED_ITEMS_PER_CALL = 1_000;
    /** CreateMonitoredItems requests outstanding at once while subscribing, unless the adapter is told otherwise. */
    public static final int DEFAULT_SUBSCRIBE_PIPELINE = 4;
    /** The most a pipeline may be: servers queue few requests per session beyond the publish requests. */
    public static final int MAX_SUBSCRIBE_PIPELINE = 16;

    private final List<NodeId> nodes;
    private final TagSubscription subscription;
    private final HealthListener healthListener = new HealthListener();

    private volatile OpcUaClient client;

    public OpcUaAdapter(DeviceSpec spec, Clock clock) {
        this(spec, clock, DEFAULT_SUBSCRIBE_PIPELINE);
    }

    /**
     * An adapter that subscribes with {@code pipeline} CreateMonitoredItems requests outstanding at once (1 sends them
     * one after the other).
     */
    public OpcUaAdapter(DeviceSpec spec, Clock clock, int pipeline) {
        super(spec, clock, "opcua", Duration.ofMillis(REQUEST_TIMEOUT_MS));
        if (pipeline < 1 || pipeline > MAX_SUBSCRIBE_PIPELINE) {
            throw new IllegalArgumentException("device " + spec.id() + ": subscribe pipeline " + pipeline
                    + " must be 1.." + MAX_SUBSCRIBE_PIPELINE);
        }
        if (!spec.endpoint().startsWith("opc.tcp://")) {
            throw new IllegalArgumentException("device " + spec.id() + ": OPC UA endpoint '" + spec.endpoint()
                    + "' must start with opc.tcp:// (e.g. opc.tcp://10.0.0.7:4840/plant)");
        }
        this.nodes = spec.tags().stream().map(OpcUaAdapter::nodeOf).toList();
        var batches = new MonitoredItemBatches(
                pipeline, REQUEST_TIMEOUT_MS, "opcua-" + spec.id() + "-subscribe-", describe());
        this.subscription = new TagSubscription(
                spec,
                clock,
                nodes,
                batches,
                worker(),
                () -> client,
                () -> setHealth(DeviceHealth.State.DOWN, "the subscription was lost and could not be created again"),
                describe());
    }

    public OpcUaAdapter(DeviceSpec spec) {
        this(spec, Clock.systemUTC());
    }

    private static NodeId nodeOf(TagSpec tag) {
        return NodeId.parseSafe(tag.address())
                .orElseThrow(() -> new IllegalArgumentException("tag " + tag.id() + ": '" + tag.address()
                        + "' is not a NodeId (expected e.g. ns=2;s=pump1.flow or ns=3;i=1001)"));
    }

    @Override
    public CompletionStage<Void> connect() {
        return onWorker("connect", () -> {
            disconnect();
            setHealth(DeviceHealth.State.CONNECTING, "connecting to " + spec().endpoint());
            OpcUaClient fresh = OpcUaConnector.connect(spec().endpoint(), spec().security(), describe());
            fresh.addSessionActivityListener(healthListener);
            client = fresh;
            setHealth(DeviceHealth.State.UP, "");
            log.info("{}: connected, {} tags", describe(), nodes.size());
            return null;
        });
    }

    @Override
    public CompletionStage<List<Sample>> read() {
        OpcUaClient current = client;
        if (current == null) {
            return CompletableFuture.failedFuture(notConnected("read"));
        }
        return current.readValuesAsync(0.0, TimestampsToReturn.Both, nodes).handle((values, error) -> {
            if (error != null) {
                throw new CompletionException(failure("read", error));
            }
            return toSamples(values);
        });
    }

    @Override
    public boolean supportsSubscription() {
        return true;
    }

    @Override
    public CompletionStage<Void> subscribe(Consumer<List<Sample>> sink) {
        Objects.requireNonNull(sink, "sink");
        return onWorker("subscribe", () -> {
            OpcUaClient current = client;
            if (current == null) {
                throw notConnected("subscribe");
            }
            subscription.create(current, sink);
            return null;
        });
    }

    private List<Sample> toSamples(List<DataValue> values) {
        Instant now = clock().instant();
        var samples = new ArrayList<Sample>(values.size());
        for (int i = 0; i < values.size(); i++) {
            samples.add(DataValues.toSample(spec().tags().get(i), values.get(i), now));
        }
        return samples;
    }

    @Override
    protected DeviceException failure(String operation, Exception e) {
        return failure(operation, (Throwable) e);
    }

    private DeviceException failure(String operation, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof DeviceException known) {
            return known;
        }
        String reason = describe() + ": " + operation + " failed: " + cause.getMessage();
        if (operation.equals("connect")) {
            setHealth(DeviceHealth.State.DOWN, reason);
        }
        log.warn("{}", reason);
        return new DeviceException(reason, cause);
    }

    private DeviceException notConnected(String operation) {
        return new DeviceException(describe() + ": " + operation + " while not connected; call connect() first");
    }

    @Override
    protected void disconnect() {
        OpcUaClient current = client;
        client = null;
        if (current != null) {
            // Our own disconnect is not a lost session: stop mirroring before it.
            current.removeSessionActivityListener(healthListener);
            setHealth(DeviceHealth.State.DOWN, "disconnected");
            try {
                current.disconnect();
            } catch (UaException | RuntimeException e) {
                log.debug("{}: disconnect failed: {}", describe(), e.getMessage());
            }
        }
    }

    @Override
    protected String describe() {
        return "device " + spec().id() + " (OPC UA " + spec().endpoint() + ")";
    }

    /** Mirrors Milo's session state; Milo reconnects by itself and re-creates the subscriptions. */
    private final class HealthListener implements SessionActivityListener {
        @Override
        public void onSessionActive(UaSession session) {
            if (health().state() != DeviceHealth.State.UP) {
                log.info("{}: session active", describe());
                setHealth(DeviceHealth.State.UP, "");
            }
        }

        @Override
        public void onSessionInactive(UaSession session) {
            log.warn("{}: session lost; the client keeps reconnecting", describe());
            setHealth(DeviceHealth.State.DOWN, "session lost; reconnecting");
        }
    }
}
