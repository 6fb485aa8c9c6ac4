package io.vigil.bench.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One simulated edge agent: an MQTT 3.1.1 connection (Vert.x MQTT client) that sends NBIRTH and DBIRTH for one asset,
 * then Sparkplug B DDATA at QoS 1 as fast as the hub acknowledges, with at most {@code window} messages unacknowledged.
 *
 * <p>DDATA is encoded by {@link DdataEncoder} (the same payload {@code SparkplugCodec.deviceData} makes, cheaper to
 * produce); births by {@code SparkplugCodec}. Message {@code m} carries {@code tags × stamps} samples: every tag at the {@code stamps} timestamps
 * {@code t0 + (m × stamps + k) ms}, so each sample has its own key (series, timestamp) and the samples of the first
 * {@code n} messages are exactly those of the asset before {@code t0 + n × stamps ms}. The hub acknowledges a
 * connection's messages in the order they were sent; an acknowledgement for any other message than the oldest
 * unacknowledged one is counted as out of order. Everything here runs on the agent's own event-loop context.
 */
final class LoadAgent {
    static final String GROUP = "bench";
    private final Context context;
    private final MqttClient client;
    private final String node;
    private final String asset;
    private final String ddataTopic;
    private final List<String> tags;
    private final int stamps;
    private final int window;
    private final Instant t0;
    private final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private long seq;
    private volatile long sent;
    private volatile long acked;
    private volatile long outOfOrder;
    private boolean stopping;
    private Promise<Void> drained;

    LoadAgent(Vertx vertx, int index, int tagCount, int stamps, int window, Instant t0) {
        this.context = vertx.getOrCreateContext();
        this.node = "bench-agent-" + index;
        this.asset = "bench-asset-" + index;
        this.ddataTopic =
                SparkplugTopic.device(GROUP, MessageType.DDATA, node, asset).toString();
        var names = new ArrayList<String>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            names.add("tag" + i);
        }
        this.tags = List.copyOf(names);
        this.stamps = stamps;
        this.window = window;
        this.t0 = t0;
        this.client = MqttClient.create(
                vertx,
                new MqttClientOptions()
                        .setClientId(node)
                        .setMaxInflightQueue(Math.max(10, window))
                        .setAutoKeepAlive(true));
    }

    String asset() {
        return asset;
    }

    int samplesPerMessage() {
        return tags.size() * stamps;
    }

    /** The first timestamp after the samples of the first {@code messages} messages. */
    Instant boundary(long messages) {
        return t0.plusMillis(messages * stamps);
    }

    /** Connects and publishes the births, each acknowledged before the next. */
    Future<Void> connect(URI mqtt) {
        Promise<Void> ready = Promise.promise();
        context.runOnContext(v -> client.connect(mqtt.getPort(), mqtt.getHost())
                .compose(ack -> publishAndAwait(
                        MessageType.NBIRTH, null, SparkplugCodec.nodeBirth(Instant.now(), nextSeq(), 1)))
                .compose(id -> publishAndAwait(
                        MessageType.DBIRTH,
                        asset,
                        SparkplugCodec.deviceBirth(
                                Instant.now(),
                                nextSeq(),
                                tags.stream().map(t -> new MetricDef(t, "")).toList(),
                                Map.of("protocol", "bench", "device", node))))
                .onComplete(r -> {
                    client.publishCompletionHandler(this::onAck);
                    ready.handle(r.mapEmpty());
                }));
        return ready.future();
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    private Future<Integer> publishAndAwait(MessageType type, String device, byte[] payload) {
        Promise<Integer> acknowledged = Promise.promise();
        client.publishCompletionHandler(acknowledged::tryComplete);
        return client.publish(topic(type, device), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .compose(id -> acknowledged.future());
    }

    private String topic(MessageType type, String device) {
        return device == null
                ? SparkplugTopic.node(GROUP, type, node).toString()
                : SparkplugTopic.device(GROUP, type, node, device).toString();
    }

    /** Starts publishing; keeps the window full until {@link #stop}. */
    void start() {
        context.runOnContext(v -> fill());
    }

    /** Stops sending; completes once every message sent is acknowledged. */
    Future<Void> stop() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            stopping = true;
            drained = p;
            if (inFlight.isEmpty()) {
                p.tryComplete();
            }
        });
        return p.future();
    }

    private void fill() {
        while (!stopping && inFlight.size() < window) {
            byte[] payload = DdataEncoder.encode(
                    System.currentTimeMillis(), nextSeq(), tags, t0.toEpochMilli() + sent * stamps, stamps);
            long[] entry = {System.nanoTime(), -1};
            inFlight.addLast(entry);
            sent++;
            client.publish(ddataTopic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                    .onSuccess(id -> entry[1] = id)
                    .onFailure(e -> stopping = true);
        }
    }

    private void onAck(int packetId) {
        long[] oldest = inFlight.pollFirst();
        if (oldest == null) {
            return;
        }
        if (oldest[1] >= 0 && oldest[1] != packetId) {
            outOfOrder++;
        }
        latencyMicros.recordValue(
                Math.min((System.nanoTime() - oldest[0]) / 1_000, latencyMicros.getHighestTrackableValue()));
        acked++;
        if (stopping) {
            if (inFlight.isEmpty() && drained != null) {
                drained.tryComplete();
            }
        } else {
            fill();
        }
    }

    long acked() {
        return acked;
    }

    long sent() {
        return sent;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** A copy of the publish-to-PUBACK latencies (call after {@link #stop} completed). */
    Histogram latencies() {
        return latencyMicros.copy();
    }

    boolean connected() {
        return client.isConnected();
    }

    Future<Void> disconnect() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(
                v -> (client.isConnected() ? client.disconnect() : Future.<Void>succeededFuture()).onComplete(p));
        return p.future();
    }
}
