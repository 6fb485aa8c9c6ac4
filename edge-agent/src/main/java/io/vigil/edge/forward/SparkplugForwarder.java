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
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the agent's data to the hub as Sparkplug B over MQTT 3.1.1, with store-and-forward.
 *
 * <p>Per connection: the MQTT will is an NDEATH carrying this connection's {@code bdSeq}; once connected the node
 * publishes NBIRTH, a DBIRTH per asset (then a DDEATH for assets whose devices are down), and then drains the
 * {@link Outbox} in order, one DDATA per batch, at QoS 1. A batch leaves the outbox only on its PUBACK; a lost
 * connection puts the batches in flight back and reconnects with backoff, re-sending the births first. Sparkplug's
 * {@code seq} (0..255, wrapping) is shared by every message of the node and restarts at 0 with each NBIRTH. A rebirth
 * NCMD from the hub republishes the births.
 *
 * <p>Back-pressure: at most {@value #MAX_INFLIGHT} QoS 1 publishes (births, deaths and batches together) wait for their
 * PUBACK, counted by the {@link AckLedger} from the moment they are handed to the client, which is the count the
 * client's own in-flight limit (set to the same value) refuses beyond. A publish that finds the window full waits:
 * births and deaths in {@link #controls}, first in line, batches in the outbox. So the client never refuses a publish,
 * and a message takes its {@code seq} only when it is really handed over, which keeps the numbers gapless.
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
    /** Births and deaths waiting for room in the window, in order; each takes its {@code seq} when sent. */
    private final ArrayDeque<Control> controls = new ArrayDeque<>();

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
                controls.add(deviceDeath(asset));
                drain();
            }
        });
    }

    /** The asset's devices are all up again: DBIRTH. */
    public void assetUp(String asset) {
        context.runOnContext(v -> {
            if (downAssets.remove(asset) && connected) {
                births.stream().filter(b -> b.asset().equals(asset)).forEach(b -> controls.add(deviceBirth(b)));
                drain();
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
                .setMaxInflightQueue(MAX_INFLIGHT)
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
        c.publishCompletionHandler(packetId -> acked(c, packetId));
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
    }

    /** Queues NBIRTH, the DBIRTHs and the DDEATHs of down assets ahead of any data; they replace births still queued. */
    private void publishBirths() {
        if (!connected) {
            return;
        }
        controls.clear();
        controls.add(
                new Control(topic(MessageType.NBIRTH), true, s -> SparkplugCodec.nodeBirth(clock.instant(), s, bdSeq)));
        births.forEach(b -> controls.add(deviceBirth(b)));
        downAssets.forEach(asset -> controls.add(deviceDeath(asset)));
        drain();
    }

    private Control deviceBirth(AssetBirth b) {
        return new Control(
                SparkplugTopic.device(identity.group(), MessageType.DBIRTH, identity.id(), b.asset())
                        .toString(),
                false,
                s -> SparkplugCodec.deviceBirth(clock.instant(), s, b.metrics(), b.meta()));
    }

    private Control deviceDeath(String asset) {
        return new Control(
                SparkplugTopic.device(identity.group(), MessageType.DDEATH, identity.id(), asset)
                        .toString(),
                false,
                s -> SparkplugCodec.deviceData(clock.instant(), s, new AssetData(List.of(), List.of(), List.of())));
    }

    /**
     * Hands the client what waits, births and deaths first, then unsent batches, while fewer than
     * {@value #MAX_INFLIGHT} publishes wait for their PUBACK. Data waits while births or deaths are queued: after an
     * NBIRTH the host must see every DBIRTH before the next DDATA.
     */
    private void drain() {
        if (!connected) {
            return;
        }
        while (!controls.isEmpty() && acks.inflight() < MAX_INFLIGHT) {
            send(controls.poll());
        }
        if (!controls.isEmpty()) {
            return;
        }
        for (Outbox.Batch b : outbox.takeUnsent(MAX_INFLIGHT - acks.inflight())) {
            send(b);
        }
    }

    private void send(Outbox.Batch b) {
        var t = SparkplugTopic.device(identity.group(), MessageType.DDATA, identity.id(), b.asset());
        MqttClient c = client;
        acks.handed();
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

    private void send(Control m) {
        if (m.nodeBirth()) {
            seq = 0;
        }
        MqttClient c = client;
        acks.handed();
        c.publish(m.topic(), Buffer.buffer(m.payload().apply(nextSeq())), MqttQoS.AT_LEAST_ONCE, false, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.debug(
                                "publish on {} failed: {}",
                                m.topic(),
                                ar.cause().toString());
                    } else if (c == client) {
                        acks.controlSent(ar.result());
                    }
                });
    }

    /** A PUBACK of the current connection: settles its publish and frees a place in the window. */
    private void acked(MqttClient c, int packetId) {
        if (c != client) {
            return;
        }
        Outbox.Batch b = acks.acked(packetId);
        if (b != null) {
            outbox.acked(b);
        }
        drain();
    }

    private void lost(MqttClient c, String why) {
        if (c != client || !connected) {
            return;
        }
        connected = false;
        acks.clear();
        controls.clear();
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

    private String topic(MessageType type) {
        return SparkplugTopic.node(identity.group(), type, identity.id()).toString();
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    /**
     * A birth or death on its way: the payload is made when it is sent, with the {@code seq} it gets then.
     *
     * @param nodeBirth an NBIRTH, which restarts {@code seq} at 0
     */
    private record Control(String topic, boolean nodeBirth, LongFunction<byte[]> payload) {}
}
