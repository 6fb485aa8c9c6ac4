package io.vigil.hub.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.hub.store.Change;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External broker mode: the hub is an MQTT client of Mosquitto, EMQX or HiveMQ instead of an endpoint.
 *
 * <p><b>Nothing lost.</b> A persistent session ({@code cleanSession=false}, a fixed client id) at QoS 1 with manual
 * acknowledgement: a message's PUBACK goes to the broker only after its rows are committed, so a hub that dies or
 * disconnects gets the unacknowledged messages again (its session keeps them) and the idempotent writes store each
 * sample once.
 *
 * <p><b>Sharing the load.</b> With a share group, data ({@code DDATA}, {@code NDATA}) arrives through
 * {@code $share/GROUP/...}, so each message goes to one hub of the group, while births and deaths come through plain
 * subscriptions to every hub: each keeps the full alias tables and writes births idempotently. Sequence numbers are not
 * checked in that mode (each hub sees part of a node's data). MQTT 3.1.1 is used; Mosquitto, EMQX and HiveMQ honour
 * {@code $share} for 3.1.1 clients, and the broker's in-flight window for the session bounds what is queued here.
 *
 * <p><b>STATE.</b> As a Sparkplug 3.0 host application it publishes {@code spBv1.0/STATE/CLIENT_ID} retained at QoS 1:
 * {@code {"online":true,"timestamp":T}} once subscribed, with {@code {"online":false,"timestamp":T}} (same T) as its
 * will and on a clean stop.
 */
public final class BrokerIngest {
    private static final Logger log = LoggerFactory.getLogger(BrokerIngest.class);
    private static final long RECONNECT_MS = 1000;
    private static final long DRAIN_RECHECK_MS = 500;

    private final Vertx vertx;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final BrokerSettings settings;
    private final SparkplugHost host;
    private final CommitLoop loop;
    private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();
    private final Map<String, String> groups = new ConcurrentHashMap<>();
    private MqttClient client;
    private Context context;
    private volatile boolean closing;
    private HostState state;
    private final ArrayDeque<Work> overflow = new ArrayDeque<>();
    private boolean waitingForDrain;

    public BrokerIngest(Vertx vertx, CommitLoops loops, IngestMetrics metrics, Clock clock, BrokerSettings settings) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.host = new SparkplugHost(clock, metrics, settings.shareGroup().isEmpty());
        this.loop = loops.get(loops.assign());
    }

    /** Connects, subscribes and announces STATE online; completes once subscribed (fails if the broker refuses). */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        vertx.runOnContext(v -> {
            context = vertx.getOrCreateContext();
            connect(started);
        });
        return started.future();
    }

    public String stateTopic() {
        return state.topic();
    }

    /** 1 while connected to the broker, else 0 (for health and metrics). */
    public int clients() {
        return client != null && client.isConnected() ? 1 : 0;
    }

    /** Publishes STATE offline and disconnects; the session and what it holds stay with the broker. */
    public Future<Void> close() {
        closing = true;
        Promise<Void> done = Promise.promise();
        if (context == null) {
            return Future.succeededFuture();
        }
        context.runOnContext(v -> {
            MqttClient c = client;
            if (c == null || !c.isConnected()) {
                done.complete();
                return;
            }
            c.publish(stateTopic(), state(false), MqttQoS.AT_LEAST_ONCE, false, true)
                    .compose(id -> c.disconnect())
                    .onComplete(ar -> done.complete());
        });
        return done.future();
    }

    /** Connects and subscribes; {@code started} (null on a reconnection) learns the outcome of the first attempt. */
    private void connect(Promise<Void> started) {
        state = new HostState(settings.clientId(), clock.millis());
        var options = new MqttClientOptions()
                .setClientId(settings.clientId())
                .setCleanSession(false)
                .setKeepAliveInterval(30)
                .setMaxMessageSize(8 * 1024 * 1024)
                .setWillFlag(true)
                .setWillTopic(stateTopic())
                .setWillMessageBytes(state(false))
                .setWillQoS(MqttQoS.AT_LEAST_ONCE.value())
                .setWillRetain(true);
        options.setAutoAck(false);
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishHandler(this::onMessage);
        c.closeHandler(v -> onClosed(c));
        c.connect(settings.broker().getPort(), settings.broker().getHost())
                .compose(ack -> c.subscribe(subscriptions()))
                .compose(suback -> c.publish(stateTopic(), state(true), MqttQoS.AT_LEAST_ONCE, false, true))
                .onSuccess(id -> {
                    log.info(
                            "subscribed to {} as {}{}",
                            settings.broker(),
                            settings.clientId(),
                            settings.shareGroup()
                                    .map(g -> " in share group " + g)
                                    .orElse(""));
                    if (started != null) {
                        started.complete();
                    }
                })
                .onFailure(e -> {
                    if (started != null) {
                        started.fail(new IllegalStateException(
                                "cannot subscribe to broker " + settings.broker() + ": " + e.getMessage(), e));
                        return;
                    }
                    log.warn("broker {}: {}; retrying", settings.broker(), e.getMessage());
                    if (c.isConnected()) {
                        c.disconnect();
                    }
                    reconnect(c);
                });
    }

    private Map<String, Integer> subscriptions() {
        var topics = new LinkedHashMap<String, Integer>();
        String ns = SparkplugTopic.NAMESPACE;
        if (settings.shareGroup().isEmpty()) {
            topics.put(ns + "/#", 1);
            return topics;
        }
        String share = "$share/" + settings.shareGroup().get() + "/";
        for (String type : new String[] {"NBIRTH", "NDEATH", "DBIRTH", "DDEATH"}) {
            topics.put(ns + "/+/" + type + "/#", 1);
        }
        topics.put(share + ns + "/+/NDATA/#", 1);
        topics.put(share + ns + "/+/DDATA/#", 1);
        return topics;
    }

    private Buffer state(boolean online) {
        return state.payload(online);
    }

    private void onClosed(MqttClient from) {
        if (closing || from != client) {
            return;
        }
        log.warn(
                "lost the connection to broker {}; reconnecting (the session keeps unacknowledged data)",
                settings.broker());
        reconnect(from);
    }

    private void onMessage(MqttPublishMessage msg) {
        metrics.message();
        Change change = interpret(msg);
        MqttClient from = client;
        submit(new Work(
                change,
                () -> context.runOnContext(v -> ack(from, msg)),
                e -> context.runOnContext(v -> failed(from, e))));
    }

    private Change interpret(MqttPublishMessage msg) {
        try {
            var r = host.interpret(msg.topicName(), msg.payload().getBytes(), settings.clientId(), this::rebirth);
            remember(r.topic(), r.change() != null);
            return r.change();
        } catch (Rejection r) {
            metrics.rejected(r.reason);
            if (loggedReasons.add(r.reason)) {
                log.warn(
                        "rejected a message on {} ({}): {} (further ones are counted, not logged)",
                        msg.topicName(),
                        r.reason,
                        r.getMessage());
            }
            return null;
        }
    }

    /**
     * Takes over the persistent session of another hub of the share group that died (see {@link SessionDrain}): stores
     * the data it still held through this hub's writer, acknowledged after the commit. Births and deaths in it are
     * acknowledged unread, in order: this hub got them through its own subscriptions. Safe to call from any thread;
     * completes with the number of messages taken over.
     */
    public Future<Long> drain(String deadClientId) {
        if (deadClientId.equals(settings.clientId())) {
            return Future.failedFuture(new IllegalArgumentException("cannot drain this hub's own session"));
        }
        Promise<Long> drained = Promise.promise();
        context.runOnContext(v -> {
            long[] pending = {0};
            var drain = new SessionDrain(
                    vertx, settings, deadClientId, List.copyOf(subscriptions().keySet()), (from, msg) -> {
                        pending[0]++;
                        drained(from, msg, () -> pending[0]--);
                    });
            drain.start(() -> pending[0] == 0).future().onComplete(drained);
        });
        return drained.future();
    }

    private void drained(MqttClient from, MqttPublishMessage msg, Runnable settled) {
        metrics.message();
        String topic = msg.topicName();
        Change change = topic.contains("/NDATA/") || topic.contains("/DDATA/") ? interpret(msg) : null;
        submit(new Work(
                change,
                () -> context.runOnContext(v -> {
                    ack(from, msg);
                    settled.run();
                }),
                e -> context.runOnContext(v -> {
                    log.warn(
                            "commit failed while draining a session ({}); leaving the rest to the broker",
                            e.toString());
                    from.disconnect();
                })));
    }

    /**
     * Hands work to the writer in arrival order. When the writer's queue is full the work waits here until it drains:
     * the broker sends at most its in-flight window of unacknowledged messages to this session, so the wait is bounded
     * by the broker's {@code max_inflight_messages}, and nothing is dropped or disconnected.
     */
    private void submit(Work work) {
        if (!overflow.isEmpty()) {
            overflow.add(work);
            return;
        }
        if (loop.offer(work) == CommitLoop.Offer.FULL) {
            overflow.add(work);
            awaitDrain();
        }
    }

    private void awaitDrain() {
        if (waitingForDrain) {
            return;
        }
        waitingForDrain = true;
        Runnable resume = () -> context.runOnContext(v -> {
            if (waitingForDrain) {
                waitingForDrain = false;
                feedOverflow();
            }
        });
        loop.whenDrained(resume);
        vertx.setTimer(DRAIN_RECHECK_MS, t -> resume.run());
    }

    private void feedOverflow() {
        while (!overflow.isEmpty()) {
            if (loop.offer(overflow.peek()) == CommitLoop.Offer.FULL) {
                awaitDrain();
                return;
            }
            overflow.poll();
        }
    }

    private static void ack(MqttClient from, MqttPublishMessage msg) {
        if (from.isConnected() && msg.qosLevel() != MqttQoS.AT_MOST_ONCE) {
            msg.ack();
        }
    }

    private void failed(MqttClient from, Throwable e) {
        if (from != client) {
            return;
        }
        log.warn("commit failed ({}); reconnecting so the broker redelivers", e.toString());
        if (from.isConnected()) {
            from.disconnect();
        }
        reconnect(from);
    }

    /** Reconnects once per lost client, whichever of its close and our own disconnect comes first. */
    private void reconnect(MqttClient from) {
        if (closing || from != client) {
            return;
        }
        client = null;
        vertx.setTimer(RECONNECT_MS, t -> connect(null));
    }

    /**
     * Asks an edge node seen alive through the broker to republish its births (Sparkplug NCMD {@code Node
     * Control/Rebirth}); false when no birth or data of that node has been seen since its last death. Safe to call from
     * any thread.
     */
    public boolean requestRebirth(String agent) {
        String group = groups.get(agent);
        if (group == null || context == null) {
            return false;
        }
        log.info(
                "requesting a rebirth from agent {} through broker {} (asked through the API)",
                agent,
                settings.broker());
        context.runOnContext(
                v -> rebirth(SparkplugTopic.parse(SparkplugTopic.NAMESPACE + "/" + group + "/NCMD/" + agent)));
        return true;
    }

    private void remember(SparkplugTopic t, boolean accepted) {
        if (t == null) {
            return;
        }
        switch (t.type()) {
            case NDEATH -> {
                if (accepted) {
                    groups.remove(t.edgeNode(), t.group());
                }
            }
            case NBIRTH, NDATA, DBIRTH, DDATA, DDEATH -> groups.put(t.edgeNode(), t.group());
            default -> {}
        }
    }

    private void rebirth(SparkplugTopic ncmd) {
        MqttClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        c.publish(
                ncmd.toString(),
                Buffer.buffer(SparkplugCodec.rebirthCommand(clock.instant())),
                MqttQoS.AT_MOST_ONCE,
                false,
                false);
    }
}
