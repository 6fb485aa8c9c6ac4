package io.vigil.edge.forward;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.device.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the agent's data to the hub as Sparkplug B over MQTT 3.1.1, with store-and-forward.
 *
 * <p>Per connection: the MQTT will is an NDEATH carrying this connection's {@code bdSeq}; once connected the node
 * publishes NBIRTH, a DBIRTH per asset (then a DDEATH for assets whose devices are down), and then drains the
 * {@link Outbox} in order, one DDATA per batch, at QoS 1 with at most {@value #MAX_INFLIGHT} batches unacknowledged.
 * A batch leaves the outbox only on its PUBACK; a lost connection puts the batches in flight back and reconnects with
 * backoff, re-sending the births first. Sparkplug's {@code seq} (0..255, wrapping) is shared by every message of the
 * node and restarts at 0 with each NBIRTH. A rebirth NCMD from the hub republishes the births.
 *
 * <p>All MQTT work runs on one Vert.x context; the public methods may be called from any thread.
 */
public final class SparkplugForwarder {
    static final int MAX_INFLIGHT = 64;
    private static final Logger LOG = LoggerFactory.getLogger(SparkplugForwarder.class);

    private final Vertx vertx;
    private final Context context;
    private final AgentIdentity identity;
    private final HubConfig hub;
    private final Outbox outbox;
    private final List<AssetBirth> births;
    private final Clock clock;
    private final Backoff backoff;
    private final Set<String> downAssets = new LinkedHashSet<>();
    private final AckLedger acks = new AckLedger();
    private MqttClient client;
    private boolean connected;
    private boolean closing;
    private boolean warnedUnreachable;
    private long bdSeq = -1;
    private int seq;
    private long timer = -1;

    public SparkplugForwarder(
            Vertx vertx,
            AgentIdentity identity,
            HubConfig hub,
            Outbox outbox,
            List<AssetBirth> births,
            Clock clock,
            Backoff backoff) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.identity = identity;
        this.hub = hub;
        this.outbox = outbox;
        this.births = List.copyOf(births);
        this.clock = clock;
        this.backoff = backoff;
    }

    /** Starts connecting and the publish timer; returns at once. */
    public void start() {
        context.runOnContext(v -> {
            timer = vertx.setPeriodic(hub.publishInterval().toMillis(), id -> {
                outbox.seal();
                drain();
            });
            connect();
        });
    }

    /** The asset's devices went down: DDEATH now, or after the births of the next connection. */
    public void assetDown(String asset) {
        context.runOnContext(v -> {
            if (downAssets.add(asset) && connected) {
                publish(
                        SparkplugTopic.device(identity.group(), MessageType.DDEATH, identity.id(), asset),
                        deviceDeath());
            }
        });
    }

    /** The asset's devices are all up again: DBIRTH. */
    public void assetUp(String asset) {
        context.runOnContext(v -> {
            if (downAssets.remove(asset) && connected) {
                births.stream().filter(b -> b.asset().equals(asset)).forEach(this::publishBirth);
            }
        });
    }

    /** Whether the MQTT session is up (read from any thread; a hint for stats). */
    public boolean connected() {
        return connected;
    }

    /**
     * Publishes what is buffered, waits up to {@code flushTimeout} for its acknowledgements, publishes NDEATH and
     * disconnects. Never fails; what could not be flushed is logged.
     */
    public CompletionStage<Void> close(Duration flushTimeout) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            closing = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            outbox.seal();
            drain();
            long deadline = clock.millis() + flushTimeout.toMillis();
            awaitFlushed(deadline, done);
        });
        return done.future().toCompletionStage();
    }

    private void awaitFlushed(long deadline, Promise<Void> done) {
        if (connected && !outbox.isEmpty() && clock.millis() < deadline) {
            vertx.setTimer(20, id -> awaitFlushed(deadline, done));
            return;
        }
        if (!outbox.isEmpty()) {
            LOG.warn("agent stopping with {} items not acknowledged by the hub at {}", outbox.buffered(), hub.mqtt());
        }
        if (client == null || !connected) {
            done.complete();
            return;
        }
        MqttClient c = client;
        connected = false;
        c.publish(
                        topic(MessageType.NDEATH),
                        Buffer.buffer(SparkplugCodec.nodeDeath(bdSeq)),
                        MqttQoS.AT_MOST_ONCE,
                        false,
                        false)
                .compose(id -> c.disconnect())
                .onComplete(ar -> done.complete());
    }

    private void connect() {
        if (closing) {
            return;
        }
        bdSeq++;
        var options = new MqttClientOptions()
                .setClientId(identity.id())
                .setCleanSession(true)
                .setKeepAliveInterval(10)
                .setMaxInflightQueue(MAX_INFLIGHT + births.size() * 2 + 16)
                .setWillFlag(true)
                .setWillQoS(1)
                .setWillTopic(topic(MessageType.NDEATH))
                .setWillMessageBytes(Buffer.buffer(SparkplugCodec.nodeDeath(bdSeq)));
        options.setConnectTimeout(10_000);
        hub.tls().ifPresent(tls -> options.setSsl(true)
                .setKeyCertOptions(
                        new PfxOptions().setPath(tls.keyStore().toString()).setPassword(tls.password()))
                .setTrustOptions(
                        new PemTrustOptions().addCertPath(tls.trustStore().toString()))
                .setHostnameVerificationAlgorithm("HTTPS"));
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishCompletionHandler(this::acked);
        c.publishHandler(msg -> {
            if (msg.topicName().equals(topic(MessageType.NCMD))) {
                LOG.info("hub asked for a rebirth (NCMD on {}): republishing births", msg.topicName());
                publishBirths();
            }
        });
        c.closeHandler(v -> lost(c, "connection closed"));
        c.exceptionHandler(e -> LOG.debug("MQTT connection to {}: {}", hub.mqtt(), e.toString()));
        c.connect(hub.port(), hub.host()).onComplete(ar -> {
            if (ar.succeeded()) {
                online(c);
            } else {
                unreachable(ar.cause());
            }
        });
    }

    private void online(MqttClient c) {
        if (closing) {
            c.disconnect();
            return;
        }
        connected = true;
        warnedUnreachable = false;
        backoff.reset();
        LOG.info(
                "connected to hub {} as {}/{} (bdSeq {}); {} items buffered",
                hub.mqtt(),
                identity.group(),
                identity.id(),
                bdSeq,
                outbox.buffered());
        c.subscribe(topic(MessageType.NCMD), 1);
        publishBirths();
        drain();
    }

    private void publishBirths() {
        if (!connected) {
            return;
        }
        seq = 0;
        publish(topic(MessageType.NBIRTH), SparkplugCodec.nodeBirth(clock.instant(), nextSeq(), bdSeq));
        births.forEach(this::publishBirth);
        for (String asset : downAssets) {
            publish(SparkplugTopic.device(identity.group(), MessageType.DDEATH, identity.id(), asset), deviceDeath());
        }
    }

    private void publishBirth(AssetBirth b) {
        publish(
                SparkplugTopic.device(identity.group(), MessageType.DBIRTH, identity.id(), b.asset()),
                SparkplugCodec.deviceBirth(clock.instant(), nextSeq(), b.metrics(), b.meta()));
    }

    private byte[] deviceDeath() {
        return SparkplugCodec.deviceData(clock.instant(), nextSeq(), new AssetData(List.of(), List.of(), List.of()));
    }

    /** Sends unsent batches while fewer than {@value #MAX_INFLIGHT} wait for their PUBACK. */
    private void drain() {
        if (!connected) {
            return;
        }
        for (Outbox.Batch b : outbox.takeUnsent(MAX_INFLIGHT - acks.dataInFlight())) {
            var t = SparkplugTopic.device(identity.group(), MessageType.DDATA, identity.id(), b.asset());
            MqttClient c = client;
            c.publish(
                            t.toString(),
                            Buffer.buffer(SparkplugCodec.deviceData(clock.instant(), nextSeq(), b.data())),
                            MqttQoS.AT_LEAST_ONCE,
                            false,
                            false)
                    .onComplete(ar -> {
                        if (ar.succeeded() && c == client && connected) {
                            if (acks.dataSent(ar.result(), b)) {
                                outbox.acked(b);
                            }
                        } else {
                            outbox.unsent(b);
                        }
                    });
        }
    }

    private void acked(int packetId) {
        Outbox.Batch b = acks.acked(packetId);
        if (b != null) {
            outbox.acked(b);
            drain();
        }
    }

    private void lost(MqttClient c, String why) {
        if (c != client || !connected) {
            return;
        }
        connected = false;
        acks.clear();
        outbox.requeueInflight();
        if (!closing) {
            LOG.warn(
                    "lost the hub at {} ({}); buffering, {} items held, reconnecting",
                    hub.mqtt(),
                    why,
                    outbox.buffered());
            vertx.setTimer(backoff.next().toMillis(), id -> connect());
        }
    }

    private void unreachable(Throwable cause) {
        if (closing) {
            return;
        }
        if (!warnedUnreachable) {
            warnedUnreachable = true;
            LOG.warn(
                    "hub at {} is unreachable ({}); buffering up to {} items and retrying with backoff up to 30 s",
                    hub.mqtt(),
                    cause.getMessage(),
                    hub.bufferSamples());
        }
        vertx.setTimer(backoff.next().toMillis(), id -> connect());
    }

    private void publish(SparkplugTopic t, byte[] payload) {
        publish(t.toString(), payload);
    }

    private void publish(String t, byte[] payload) {
        MqttClient c = client;
        c.publish(t, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.debug("publish on {} failed: {}", t, ar.cause().toString());
                    } else if (c == client) {
                        acks.controlSent(ar.result());
                    }
                });
    }

    private String topic(MessageType type) {
        return SparkplugTopic.node(identity.group(), type, identity.id()).toString();
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }
}
