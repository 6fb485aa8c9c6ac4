package io.vigil.adapters.opcua;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a subscription's monitored items in requests of {@code perCall} items (batch {@code b} = tags
 * {@code b * perCall} onwards), the first alone and the rest from up to {@code pipeline} chains running at the same
 * time, each taking the next batch when its request is answered. A request the server fails marks its items with the
 * failure code (Milo), so each item still gets its own result.
 *
 * <p>Each request is timed. A server that is slow to create items (CPU-bound, or busy) answers concurrent requests
 * slower still, about as many times slower as there are requests in flight, and a request that outlives the request
 * timeout leaves its items created on the server but reported as failed here. So the chains start only as many as
 * keep the first request's time, multiplied by them, within half the request timeout, and halve (a chain stops after
 * its request) whenever a request takes longer than that.
 */
final class MonitoredItemBatches {
    // The adapter's logger: operators follow one device in one log category.
    private static final Logger log = LoggerFactory.getLogger(OpcUaAdapter.class);

    private final int pipeline;
    private final long timeoutMs;
    private final String threadPrefix;
    private final String device;

    /**
     * @param pipeline the most requests outstanding at once
     * @param timeoutMs the request timeout
     * @param threadPrefix the extra chains' threads are named {@code threadPrefix1}, {@code threadPrefix2}, …
     * @param device names the device in log lines
     */
    MonitoredItemBatches(int pipeline, long timeoutMs, String threadPrefix, String device) {
        this.pipeline = pipeline;
        this.timeoutMs = timeoutMs;
        this.threadPrefix = threadPrefix;
        this.device = device;
    }

    /**
     * Creates the {@code items} monitored items already added to {@code subscription}, whose user objects are their tag
     * indices; blocking.
     *
     * @return the most chains that ran at once
     */
    int create(OpcUaSubscription subscription, int items, long perCall) {
        int batches = (int) ((items + perCall - 1) / perCall);
        long firstMs = createBatch(subscription, 0, perCall);
        int lanes = Math.min(
                lanes(items - (int) Math.min(perCall, items), perCall, pipeline), affordableLanes(firstMs, timeoutMs));
        var chains = new Chains(batches, lanes);
        if (lanes == 1) {
            chains.run(subscription, perCall);
            return 1;
        }
        var threads = new AtomicInteger();
        ExecutorService extra = Executors.newFixedThreadPool(lanes - 1, runnable -> {
            var thread = new Thread(runnable, threadPrefix + threads.incrementAndGet());
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
                    device,
                    timeoutMs / 2,
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
    private final class Chains {
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
                if (createBatch(subscription, batch, perCall) > timeoutMs / 2) {
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
        return (int) Math.max(1, Math.min(OpcUaAdapter.MAX_SUBSCRIBE_PIPELINE, timeoutMs / 2 / Math.max(1, oneMs)));
    }

    /**
     * The batch Milo uses: our {@value OpcUaAdapter#MONITORED_ITEMS_PER_CALL}, or the server's MaxMonitoredItemsPerCall
     * operation limit (read from its ServerCapabilities) when that is lower; 0 or unreadable means no limit.
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
        return Math.min(OpcUaAdapter.MONITORED_ITEMS_PER_CALL, server);
    }

    private static int indexOf(OpcUaMonitoredItem item) {
        return (Integer) item.getUserObject().orElseThrow();
    }
}
