package io.vigil.hub;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/** A test edge agent: a real Vert.x MQTT client (3.1.1) publishing Sparkplug B at QoS 1 to the hub. */
public final class TestAgent implements AutoCloseable {
    public static final String GROUP = "vigil";

    private final Vertx vertx = Vertx.vertx();
    private final MqttClient client;
    private final String agent;
    private final Map<Integer, CompletableFuture<Integer>> acks = new ConcurrentHashMap<>();
    private final BlockingQueue<MqttPublishMessage> received = new LinkedBlockingQueue<>();
    private volatile IntConsumer onAck = id -> {};
    private long seq;

    private TestAgent(String agent, MqttClientOptions options) {
        this.agent = agent;
        this.client = MqttClient.create(vertx, options);
        client.publishCompletionHandler(id -> {
            onAck.accept(id);
            ack(id).complete(id);
        });
        client.publishHandler(received::add);
    }

    public static TestAgent connect(URI mqtt, String agent) throws Exception {
        return connect(mqtt, agent, new MqttClientOptions().setClientId(agent + "-client"));
    }

    /** Connects with {@code options} (client id, TLS), publishing as Sparkplug edge node {@code agent}. */
    public static TestAgent connect(URI mqtt, String agent, MqttClientOptions options) throws Exception {
        var a = new TestAgent(agent, options.setMaxInflightQueue(100));
        try {
            a.connectTo(mqtt);
        } catch (Exception e) {
            a.vertx.close();
            throw e;
        }
        return a;
    }

    private void connectTo(URI mqtt) throws Exception {
        client.connect(mqtt.getPort(), mqtt.getHost())
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Runs in the client's PUBACK handler, before the publish future completes. */
    public void onAck(IntConsumer hook) {
        this.onAck = hook;
    }

    private CompletableFuture<Integer> ack(int id) {
        return acks.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public void publish(String topic, byte[] payload) throws Exception {
        int id = client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        ack(id).get(10, TimeUnit.SECONDS);
        acks.remove(id);
    }

    /**
     * Publishes every payload at QoS 1 in order, keeping up to {@code window} (at most 100) unacknowledged, and returns
     * once the last one is acknowledged.
     */
    public void publishPipelined(String topic, List<byte[]> payloads, int window) throws Exception {
        var permits = new Semaphore(window);
        var done = new CountDownLatch(payloads.size());
        onAck = id -> {
            permits.release();
            done.countDown();
        };
        try {
            for (byte[] p : payloads) {
                if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new TimeoutException("no PUBACK within 30 s with " + window + " messages in flight");
                }
                client.publish(topic, Buffer.buffer(p), MqttQoS.AT_LEAST_ONCE, false, false);
            }
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new TimeoutException(done.getCount() + " of " + payloads.size() + " messages never acknowledged");
            }
        } finally {
            onAck = id -> {};
            acks.clear();
        }
    }

    public void subscribe(String filter) throws Exception {
        client.subscribe(filter, 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public BlockingQueue<MqttPublishMessage> received() {
        return received;
    }

    public boolean connected() {
        return client.isConnected();
    }

    public String topic(MessageType type) {
        return SparkplugTopic.node(GROUP, type, agent).toString();
    }

    public String topic(MessageType type, String asset) {
        return SparkplugTopic.device(GROUP, type, agent, asset).toString();
    }

    public void nodeBirth(long bdSeq) throws Exception {
        seq = 0;
        publish(topic(MessageType.NBIRTH), SparkplugCodec.nodeBirth(Instant.now(), 0, bdSeq));
    }

    public void deviceBirth(String asset, List<MetricDef> metrics, Map<String, String> meta) throws Exception {
        publish(topic(MessageType.DBIRTH, asset), SparkplugCodec.deviceBirth(Instant.now(), nextSeq(), metrics, meta));
    }

    /** The encoded DDATA with the next sequence number (publish it with {@link #publish}). */
    public byte[] deviceData(AssetData data) {
        return SparkplugCodec.deviceData(Instant.now(), nextSeq(), data);
    }

    public void publishData(String asset, AssetData data) throws Exception {
        publish(topic(MessageType.DDATA, asset), deviceData(data));
    }

    public long nextSeq() {
        seq = (seq + 1) % 256;
        return seq;
    }

    public void skipSeq(int n) {
        seq = (seq + n) % 256;
    }

    public void disconnect() throws Exception {
        client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            disconnect();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
