package io.vigil.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceCalls;
import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and subscribes to an OPC UA server with the Eclipse Milo client.
 *
 * <p>Tag addresses are NodeIds in their text form ({@code ns=2;s=pump1.flow}) and are parsed when the adapter is
 * built, so a typo fails at configuration time. {@link OpcUaConnector} opens the session with the device's security
 * (policy, mode, identity, the agent's certificate and trust store). Monitored items are created in
 * batches of {@value #MONITORED_ITEMS_PER_CALL}, or of the server's MaxMonitoredItemsPerCall when that is lower, with
 * up to {@value #DEFAULT_SUBSCRIBE_PIPELINE} requests outstanding at once (the pipeline, set per adapter).
 *
 * <p>Milo keeps the session alive and reconnects on its own; the session listener mirrors that in {@link #health()}.
 * Discovery and subscription set-up are blocking in Milo, so they run on a thread owned by the adapter. A status code
 * of a single node is data (the sample's quality), a failed service call fails the stage with a
 * {@link DeviceException}.
 */
public final class OpcUaAdapter implements DeviceAdapter {
    private static final Logger log = LoggerFactory.getLogger(OpcUaAdapter.class);
    private static final int REQUEST_TIMEOUT_MS = OpcUaConnector.REQUEST_TIMEOUT_MS;
    /** Monitored items per CreateMonitoredItems request. */
    static final int MONITORED_ITEMS_PER_CALL = 1_000;
    /** CreateMonitoredItems requests outstanding at once while subscribing, unless the adapter is told otherwise. */
    public static final int DEFAULT_SUBSCRIBE_PIPELINE = 4;
    /** The most a pipeline may be: servers queue few requests per session beyond the publish requests. */
    public static final int MAX_SUBSCRIBE_PIPELINE = 16;
    /** Attempts to create a subscription again after the server lost it, 1, 2, 3... seconds apart. */
    private static final int RESUBSCRIBE_ATTEMPTS = 5;

    private final DeviceSpec spec;
    private final Clock clock;
    private final List<NodeId> nodes;
    private final ExecutorService worker;
    private final int pipeline;
    private final HealthListener healthListener = new HealthListener();

    private volatile OpcUaClient client;
    private volatile DeviceHealth health;

    public OpcUaAdapter(DeviceSpec spec, Clock clock) {
        this(spec, clock, DEFAULT_SUBSCRIBE_PIPELINE);
    }

    /**
     * An adapter that subscribes with {@code pipeline} CreateMonitoredItems requests outstanding at once (1 sends them
     * one after the other).
     */
    public OpcUaAdapter(DeviceSpec spec, Clock clock, int pipeline) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (pipeline < 1 || pipeline > MAX_SUBSCRIBE_PIPELINE) {
            throw new IllegalArgumentException("device " + spec.id() + ": subscribe pipeline " + pipeline
                    + " must be 1.." + MAX_SUBSCRIBE_PIPELINE);
        }
        this.pipeline = pipeline;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!spec.endpoint().startsWith("opc.tcp://")) {
            throw new IllegalArgumentException("device " + spec.id() + ": OPC UA endpoint '" + spec.endpoint()
                    + "' must start with opc.tcp:// (e.g. opc.tcp://10.0.0.7:4840/plant)");
        }
        this.nodes = spec.tags().stream().map(OpcUaAdapter::nodeOf).toList();
        this.health = new DeviceHealth(DeviceHealth.State.DOWN, "not connected yet", clock.instant());
        this.worker = DeviceCalls.worker("opcua-" + spec.id());
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
    public DeviceSpec spec() {
        return spec;
    }

    @Override
    public CompletionStage<Void> connect() {
        return onWorker("connect", () -> {
            disconnectQuietly();
            setHealth(DeviceHealth.State.CONNECTING, "connecting to " + spec.endpoint());
            OpcUaClient fresh = OpcUaConnector.connect(spec.endpoint(), spec.security(), describe());
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
            createSubscription(current, sink);
            return null;
        });
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
            worker.awaitTermination(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createSubscription(OpcUaClient current, Consumer<List<Sample>> sink) throws UaException {
        double intervalMs = spec.interval().toMillis();
        var subscription = new OpcUaSubscription(current, intervalMs);
        // Each CreateMonitoredItems request holds at most min(this, the server's MaxMonitoredItemsPerCall) items, so
        // 100,000 items never make one huge request and each request stays far below the request timeout.
        subscription.setMaxMonitoredItemsPerCall(uint(MONITORED_ITEMS_PER_CALL));
        subscription.setSubscriptionListener(new SubscriptionListener(sink));
        subscription.create();
        var items = new ArrayList<OpcUaMonitoredItem>();
        for (int i = 0; i < nodes.size(); i++) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodes.get(i));
            item.setSamplingInterval(intervalMs);
            item.setUserObject(i);
            items.add(item);
        }
        subscription.addMonitoredItems(items);
        long perCall = itemsPerCall(current);
        int lanes = createItems(subscription, perCall);
        if (items.stream()
                .anyMatch(
                        item -> !item.getCreateResult().map(StatusCode::isGood).orElse(false))) {
            reportRejected(items, sink);
        }
        log.info(
                "{}: subscribed to {} tags every {} ms, in CreateMonitoredItems requests of at most {} items, {} at once",
                describe(),
                nodes.size(),
                (long) intervalMs,
                perCall,
                lanes);
    }

    /**
     * Creates the subscription's items in requests of {@code perCall} items (batch {@code b} = tags {@code b * perCall}
     * onwards), the first alone and the rest from up to {@code pipeline} chains running at the same time, each taking
     * the next batch when its request is answered. A request the server fails marks its items with the failure code
     * (Milo), so each item still gets its own result.
     *
     * <p>Each request is timed. A server that is slow to create items (CPU-bound, or busy) answers concurrent requests
     * slower still, about as many times slower as there are requests in flight, and a request that outlives the
     * request timeout leaves its items created on the server but reported as failed here. So the chains start only as
     * many as keep the first request's time, multiplied by them, within half the request timeout, and halve (a chain
     * stops after its request) whenever a request takes longer than that.
     *
     * @return the most chains that ran at once
     */
    private int createItems(OpcUaSubscription subscription, long perCall) {
        int batches = (int) ((nodes.size() + perCall - 1) / perCall);
        long firstMs = createBatch(subscription, 0, perCall);
        int lanes = Math.min(
                lanes(nodes.size() - (int) Math.min(perCall, nodes.size()), perCall, pipeline),
                affordableLanes(firstMs, REQUEST_TIMEOUT_MS));
        var chains = new Chains(batches, lanes);
        if (lanes == 1) {
            chains.run(subscription, perCall);
            return 1;
        }
        var threads = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService extra = java.util.concurrent.Executors.newFixedThreadPool(lanes - 1, runnable -> {
            var thread = new Thread(runnable, "opcua-" + spec.id() + "-subscribe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            var running = new ArrayList<CompletableFuture<?>>();
            for (int lane = 1; lane < lanes; lane++) {
                running.add(CompletableFuture.runAsync(() -> chains.run(subscription, perCall), extra));
            }
            chains.run(subscription, perCall);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } finally {
            extra.shutdown();
        }
        if (chains.allowed < lanes) {
            log.info(
                    "{}: the server took over {} ms for a CreateMonitoredItems request; {} at once at the end",
                    describe(),
                    REQUEST_TIMEOUT_MS / 2,
                    chains.allowed);
        }
        return lanes;
    }

    /** Sends batch {@code batch} as one request; returns how long it took in ms. */
    private static long createBatch(OpcUaSubscription subscription, int batch, long perCall) {
        long start = System.nanoTime();
        subscription.createMonitoredItems(item -> indexOf(item) / perCall == batch);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The batches after the first, shared by the chains; a chain stops when there are more running than allowed. */
    private static final class Chains {
        private final int batches;
        private int next = 1;
        private int running;
        private int allowed;

        Chains(int batches, int lanes) {
            this.batches = batches;
            this.allowed = lanes;
            this.running = lanes;
        }

        void run(OpcUaSubscription subscription, long perCall) {
            for (int batch; (batch = take()) >= 0; ) {
                if (createBatch(subscription, batch, perCall) > REQUEST_TIMEOUT_MS / 2) {
                    slower();
                }
            }
        }

        private synchronized int take() {
            if (next >= batches || running > allowed) {
                running--;
                return -1;
            }
            return next++;
        }

        private synchronized void slower() {
            allowed = Math.max(1, allowed / 2);
        }
    }

    /** How many chains of requests: the pipeline, but never more than there are requests. */
    static int lanes(int items, long perCall, int pipeline) {
        long requests = (items + perCall - 1) / perCall;
        return (int) Math.max(1, Math.min(pipeline, requests));
    }

    /** Requests in flight that keep each within half the timeout, if one alone took {@code oneMs}. */
    static int affordableLanes(long oneMs, long timeoutMs) {
        return (int) Math.max(1, Math.min(MAX_SUBSCRIBE_PIPELINE, timeoutMs / 2 / Math.max(1, oneMs)));
    }

    private static int indexOf(OpcUaMonitoredItem item) {
        return (Integer) item.getUserObject().orElseThrow();
    }

    /**
     * The batch Milo uses: our {@value #MONITORED_ITEMS_PER_CALL}, or the server's MaxMonitoredItemsPerCall operation
     * limit (read from its ServerCapabilities) when that is lower; 0 or unreadable means no limit.
     */
    static long itemsPerCall(OpcUaClient client) {
        long server;
        try {
            server = client.getOperationLimits()
                    .maxMonitoredItemsPerCall()
                    .map(UInteger::longValue)
                    .filter(n -> n > 0)
                    .orElse(Long.MAX_VALUE);
        } catch (UaException unreadable) {
            server = Long.MAX_VALUE;
        }
        return Math.min(MONITORED_ITEMS_PER_CALL, server);
    }

    /** Items the server refused (unknown node, no read access) become one BAD sample each, so the gap is visible. */
    private void reportRejected(List<OpcUaMonitoredItem> items, Consumer<List<Sample>> sink) {
        Instant now = clock.instant();
        var bad = new ArrayList<Sample>();
        for (OpcUaMonitoredItem item : items) {
            StatusCode result = item.getCreateResult().orElse(StatusCode.BAD);
            if (!result.isGood()) {
                TagSpec tag = spec.tags().get((Integer) item.getUserObject().orElseThrow());
                log.warn("{}: server refused to monitor tag {} ({}): {}", describe(), tag.id(), tag.address(), result);
                bad.add(Sample.bad(tag.id(), now));
            }
        }
        if (!bad.isEmpty()) {
            sink.accept(bad);
        }
    }

    private List<Sample> toSamples(List<DataValue> values) {
        Instant now = clock.instant();
        var samples = new ArrayList<Sample>(values.size());
        for (int i = 0; i < values.size(); i++) {
            samples.add(DataValues.toSample(spec.tags().get(i), values.get(i), now));
        }
        return samples;
    }

    private <T> CompletionStage<T> onWorker(String operation, Callable<T> work) {
        return DeviceCalls.submit(worker, operation, work, e -> failure(operation, e), describe());
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

    private void disconnectQuietly() {
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

    private void setHealth(DeviceHealth.State state, String detail) {
        health = new DeviceHealth(state, detail, clock.instant());
    }

    private String describe() {
        return "device " + spec.id() + " (OPC UA " + spec.endpoint() + ")";
    }

    /** Mirrors Milo's session state; Milo reconnects by itself and re-creates the subscriptions. */
    private final class HealthListener implements SessionActivityListener {
        @Override
        public void onSessionActive(UaSession session) {
            if (health.state() != DeviceHealth.State.UP) {
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

    /** Delivers each publish response as one batch; a failing sink must not stop Milo's delivery queue. */
    private final class SubscriptionListener implements OpcUaSubscription.SubscriptionListener {
        private final Consumer<List<Sample>> sink;

        SubscriptionListener(Consumer<List<Sample>> sink) {
            this.sink = sink;
        }

        @Override
        public void onDataReceived(
                OpcUaSubscription subscription, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            Instant now = clock.instant();
            var samples = new ArrayList<Sample>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Integer tag = (Integer) items.get(i).getUserObject().orElse(null);
                if (tag != null) {
                    samples.add(DataValues.toSample(spec.tags().get(tag), values.get(i), now));
                }
            }
            try {
                sink.accept(samples);
            } catch (RuntimeException e) {
                log.error("{}: the sample sink failed on {} samples", describe(), samples.size(), e);
            }
        }

        /**
         * After a reconnect Milo asks the server to take the subscription over into the new session; a server that
         * restarted (a PLC power cycle, a gateway update) no longer has it, and without this the session would look
         * healthy while no data ever arrived again.
         */
        @Override
        public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
            log.warn(
                    "{}: the server no longer has our subscription ({}; it probably restarted): subscribing again",
                    describe(),
                    status);
            try {
                worker.execute(() -> resubscribe(subscription, sink));
            } catch (RejectedExecutionException closed) {
                log.debug("{}: closed, not subscribing again", describe());
            }
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription subscription) {
            log.warn(
                    "{}: the server reports lost notifications (its queue overflowed or a publish was missed)",
                    describe());
        }
    }

    /** Runs on the worker: drops the subscription the server forgot and creates it again, retrying with backoff. */
    private void resubscribe(OpcUaSubscription lost, Consumer<List<Sample>> sink) {
        try {
            lost.delete();
        } catch (UaException | RuntimeException e) {
            log.debug("{}: deleting the lost subscription: {}", describe(), e.getMessage());
        }
        for (int attempt = 1; attempt <= RESUBSCRIBE_ATTEMPTS; attempt++) {
            OpcUaClient current = client;
            if (current == null || current != lost.getClient()) {
                return; // disconnected or reconnected by connect(): whoever did that subscribes anew
            }
            try {
                createSubscription(current, sink);
                return;
            } catch (UaException | RuntimeException e) {
                log.warn(
                        "{}: subscribing again failed (attempt {} of {}): {}",
                        describe(),
                        attempt,
                        RESUBSCRIBE_ATTEMPTS,
                        e.getMessage());
                try {
                    Thread.sleep(1_000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        setHealth(DeviceHealth.State.DOWN, "the subscription was lost and could not be created again");
    }
}
