package io.vigil.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to every tag of a device at the device's interval: created with its items in
 * {@link MonitoredItemBatches}, delivering each publish response as one batch of samples, and created again when the
 * server lost it (a server restart that Milo's transfer after a reconnect cannot survive).
 */
final class TagSubscription {
    // The adapter's logger: operators follow one device in one log category.
    private static final Logger log = LoggerFactory.getLogger(OpcUaAdapter.class);
    /** Attempts to create a subscription again after the server lost it, 1, 2, 3... seconds apart. */
    private static final int RESUBSCRIBE_ATTEMPTS = 5;

    private final DeviceSpec spec;
    private final Clock clock;
    private final List<NodeId> nodes;
    private final MonitoredItemBatches batches;
    private final Executor worker;
    private final Supplier<OpcUaClient> client;
    private final Runnable lostForGood;
    private final String device;

    /**
     * @param worker the adapter's worker, where re-subscribing runs
     * @param client the adapter's client now; null while disconnected
     * @param lostForGood called when the subscription could not be created again
     * @param device names the device in log lines
     */
    TagSubscription(
            DeviceSpec spec,
            Clock clock,
            List<NodeId> nodes,
            MonitoredItemBatches batches,
            Executor worker,
            Supplier<OpcUaClient> client,
            Runnable lostForGood,
            String device) {
        this.spec = spec;
        this.clock = clock;
        this.nodes = nodes;
        this.batches = batches;
        this.worker = worker;
        this.client = client;
        this.lostForGood = lostForGood;
        this.device = device;
    }

    /** Creates the subscription on {@code current} and its items; blocking, on the adapter's worker. */
    void create(OpcUaClient current, Consumer<List<Sample>> sink) throws UaException {
        double intervalMs = spec.interval().toMillis();
        var subscription = new OpcUaSubscription(current, intervalMs);
        // Each CreateMonitoredItems request holds at most min(this, the server's MaxMonitoredItemsPerCall) items, so
        // 100,000 items never make one huge request and each request stays far below the request timeout.
        subscription.setMaxMonitoredItemsPerCall(uint(OpcUaAdapter.MONITORED_ITEMS_PER_CALL));
        subscription.setSubscriptionListener(new Listener(sink));
        subscription.create();
        var items = new ArrayList<OpcUaMonitoredItem>();
        for (int i = 0; i < nodes.size(); i++) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodes.get(i));
            item.setSamplingInterval(intervalMs);
            item.setUserObject(i);
            items.add(item);
        }
        subscription.addMonitoredItems(items);
        long perCall = MonitoredItemBatches.itemsPerCall(current);
        int lanes = batches.create(subscription, nodes.size(), perCall);
        if (items.stream()
                .anyMatch(
                        item -> !item.getCreateResult().map(StatusCode::isGood).orElse(false))) {
            reportRejected(items, sink);
        }
        log.info(
                "{}: subscribed to {} tags every {} ms, in CreateMonitoredItems requests of at most {} items, {} at once",
                device,
                nodes.size(),
                (long) intervalMs,
                perCall,
                lanes);
    }

    /** Items the server refused (unknown node, no read access) become one BAD sample each, so the gap is visible. */
    private void reportRejected(List<OpcUaMonitoredItem> items, Consumer<List<Sample>> sink) {
        Instant now = clock.instant();
        var bad = new ArrayList<Sample>();
        for (OpcUaMonitoredItem item : items) {
            StatusCode result = item.getCreateResult().orElse(StatusCode.BAD);
            if (!result.isGood()) {
                TagSpec tag = spec.tags().get((Integer) item.getUserObject().orElseThrow());
                log.warn("{}: server refused to monitor tag {} ({}): {}", device, tag.id(), tag.address(), result);
                bad.add(Sample.bad(tag.id(), now));
            }
        }
        if (!bad.isEmpty()) {
            sink.accept(bad);
        }
    }

    /** Runs on the worker: drops the subscription the server forgot and creates it again, retrying with backoff. */
    private void resubscribe(OpcUaSubscription lost, Consumer<List<Sample>> sink) {
        try {
            lost.delete();
        } catch (UaException | RuntimeException e) {
            log.debug("{}: deleting the lost subscription: {}", device, e.getMessage());
        }
        for (int attempt = 1; attempt <= RESUBSCRIBE_ATTEMPTS; attempt++) {
            OpcUaClient current = client.get();
            if (current == null || current != lost.getClient()) {
                return; // disconnected or reconnected by connect(): whoever did that subscribes anew
            }
            try {
                create(current, sink);
                return;
            } catch (UaException | RuntimeException e) {
                log.warn(
                        "{}: subscribing again failed (attempt {} of {}): {}",
                        device,
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
        lostForGood.run();
    }

    /** Delivers each publish response as one batch; a failing sink must not stop Milo's delivery queue. */
    private final class Listener implements OpcUaSubscription.SubscriptionListener {
        private final Consumer<List<Sample>> sink;

        Listener(Consumer<List<Sample>> sink) {
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
                log.error("{}: the sample sink failed on {} samples", device, samples.size(), e);
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
                    device,
                    status);
            try {
                worker.execute(() -> resubscribe(subscription, sink));
            } catch (RejectedExecutionException closed) {
                log.debug("{}: closed, not subscribing again", device);
            }
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription subscription) {
            log.warn(
                    "{}: the server reports lost notifications (its queue overflowed or a publish was missed)", device);
        }
    }
}
