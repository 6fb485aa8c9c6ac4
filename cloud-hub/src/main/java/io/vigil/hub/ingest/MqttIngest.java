package io.vigil.hub.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.hub.store.write.Change;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's MQTT endpoint (3.1.1 and 5): agents connect and publish Sparkplug B; this class decodes on the event loop
 * (cheap), hands each message to the connection's {@link CommitLoop} (one of {@link CommitLoops}, fixed for the
 * connection's life) and acknowledges it once that loop has committed it, so acknowledgements keep the order of the
 * connection's messages. When the loop's queue passes its high-water mark, the connection's socket is no longer read
 * (TCP pushes back to the agent) until the loop has drained below its low-water mark; the event loop never blocks.
 *
 * <p>A message that cannot be used (unknown topic, malformed payload, absurd timestamp) is counted, logged once per
 * client and reason, and still acknowledged in order, so the agent does not redeliver it forever and the connection
 * stays open. When the connection of an agent closes, the agent and its assets go offline, as with an NDEATH.
 */
public final class MqttIngest {
    private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);
    private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final int RECEIVE_MAXIMUM = 1000;
    /** How often a gate that can change its mind (revoked certificates) is reloaded and applied to open connections. */
    static final long RECHECK_MS = 5_000;

    private final Vertx vertx;
    private final CommitLoops loops;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final SparkplugHost host;
    private final HostState state;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, Session> owners = new ConcurrentHashMap<>();
    private MqttServer server;
    private ConnectGate gate = ConnectGate.OPEN;
    private long recheckTimer = -1;

    public MqttIngest(Vertx vertx, CommitLoops loops, IngestMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.loops = loops;
        this.metrics = metrics;
        this.clock = clock;
        this.host = new SparkplugHost(clock, metrics, true);
        this.state = new HostState(HostState.EMBEDDED_HOST_ID, clock.millis());
        metrics.gauge("vigil.mqtt.clients", "connected MQTT clients", sessions::size);
    }

    /** Sets who may connect (TLS, client certificates); call before {@link #listen}. */
    public MqttIngest gate(ConnectGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
        return this;
    }

    /** Listens on {@code host:port} (0 picks a free port) and completes with the port. */
    public Future<Integer> listen(String host, int port) {
        var options = new MqttServerOptions().setHost(host).setPort(port).setMaxMessageSize(MAX_MESSAGE_BYTES);
        server = MqttServer.create(vertx, gate.configure(options))
                .endpointHandler(this::onConnect)
                .exceptionHandler(e -> log.debug("MQTT server: {}", e.toString()));
        if (gate.rechecksConnections()) {
            recheckTimer = vertx.setPeriodic(RECHECK_MS, id -> recheck());
        }
        return server.listen().map(MqttServer::actualPort);
    }

    /** Reloads the gate off the event loop, then closes every connected client it now refuses (a revoked agent). */
    private void recheck() {
        vertx.executeBlocking(() -> {
                    gate.refresh();
                    return null;
                })
                .onFailure(e -> log.error("reloading who may connect failed; keeping the last list: {}", e.toString()))
                .onSuccess(v -> sessions.forEach(s -> s.context.runOnContext(x -> {
                    var why = gate.refusal(s.endpoint);
                    if (why.isPresent() && s.endpoint.isConnected()) {
                        metrics.rejected("auth");
                        log.warn(
                                "closing MQTT client '{}' from {}: {}",
                                s.endpoint.clientIdentifier(),
                                s.endpoint.remoteAddress(),
                                why.get());
                        s.endpoint.close();
                    }
                })));
    }

    public int clients() {
        return sessions.size();
    }

    public Future<Void> close() {
        if (recheckTimer >= 0) {
            vertx.cancelTimer(recheckTimer);
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void onConnect(MqttEndpoint ep) {
        if (refused(ep)) {
            return;
        }
        int writer = loops.assign();
        var s = new Session(ep, vertx.getOrCreateContext(), loops.get(writer), writer);
        ep.publishAutoAck(false);
        ep.subscribeHandler(sub -> onSubscribe(s, sub));
        ep.unsubscribeHandler(u -> {
            s.subscriptions.removeAll(u.topics());
            ep.unsubscribeAcknowledge(u.messageId());
        });
        ep.publishHandler(msg -> onPublish(s, msg));
        ep.publishReleaseHandler(ep::publishComplete);
        ep.exceptionHandler(e -> log.debug("MQTT client {}: {}", ep.clientIdentifier(), e.toString()));
        ep.closeHandler(v -> onClose(s));
        if (ep.protocolVersion() == 5) {
            var props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), RECEIVE_MAXIMUM));
            ep.accept(false, props);
        } else {
            ep.accept(false);
        }
        sessions.add(s);
        log.info(
                "MQTT client {} connected from {} (MQTT {})",
                ep.clientIdentifier(),
                ep.remoteAddress(),
                ep.protocolVersion() == 5 ? "5" : "3.1.1");
    }

    /**
     * Asks a connected agent to republish its births (Sparkplug NCMD {@code Node Control/Rebirth}); false when no
     * connection speaks for that agent. Safe to call from any thread.
     */
    public boolean requestRebirth(String agent) {
        for (var e : owners.entrySet()) {
            String node = e.getKey();
            Session s = e.getValue();
            if (agent.equals(s.nodes.get(node))) {
                String group = node.substring(0, node.length() - agent.length() - 1);
                String topic = SparkplugTopic.NAMESPACE + "/" + group + "/NCMD/" + agent;
                log.info("requesting a rebirth from agent {} on {} (asked through the API)", agent, topic);
                s.context.runOnContext(v -> s.endpoint.publish(
                        topic,
                        Buffer.buffer(SparkplugCodec.rebirthCommand(clock.instant())),
                        MqttQoS.AT_MOST_ONCE,
                        false,
                        false));
                return true;
            }
        }
        return false;
    }

    private boolean refused(MqttEndpoint ep) {
        var why = gate.refusal(ep);
        why.ifPresent(reason -> {
            metrics.rejected("auth");
            log.warn("refused MQTT client '{}' from {}: {}", ep.clientIdentifier(), ep.remoteAddress(), reason);
            ep.reject(
                    ep.protocolVersion() == 5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                            : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        });
        return why.isPresent();
    }

    private void onSubscribe(Session s, MqttSubscribeMessage sub) {
        var granted = new ArrayList<MqttQoS>();
        sub.topicSubscriptions().forEach(t -> {
            s.subscriptions.add(t.topicName());
            granted.add(t.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE);
        });
        s.endpoint.subscribeAcknowledge(sub.messageId(), granted);
        sendState(s, sub);
    }

    /**
     * The embedded endpoint has no retained messages, so a client subscribing to the hub's STATE topic (Sparkplug 3.0:
     * an edge node waits for its primary host's STATE) gets the online STATE right after its SUBACK, flagged retained.
     */
    private void sendState(Session s, MqttSubscribeMessage sub) {
        String topic = state.topic();
        if (sub.topicSubscriptions().stream().anyMatch(t -> TopicFilter.matches(t.topicName(), topic))) {
            s.endpoint.publish(topic, state.payload(true), MqttQoS.AT_LEAST_ONCE, false, true);
        }
    }

    private void onPublish(Session s, MqttPublishMessage msg) {
        metrics.message();
        Change change = null;
        try {
            change = interpret(s, msg.topicName(), msg.payload().getBytes());
        } catch (Rejection r) {
            metrics.rejected(r.reason);
            s.logRejection(r, msg.topicName());
        }
        enqueue(s, msg, change);
    }

    private Change interpret(Session s, String topicName, byte[] payload) {
        checkPublisher(s, topicName);
        var r = host.interpret(topicName, payload, s.endpoint.clientIdentifier(), t -> requestRebirth(s, t));
        if (r.change() == null) {
            return null;
        }
        String node = SparkplugHost.nodeKey(r.topic());
        if (r.topic().type() == MessageType.NDEATH) {
            owners.remove(node, s);
            s.nodes.remove(node);
        } else {
            owners.put(node, s);
            s.nodes.put(node, r.topic().edgeNode());
        }
        return r.change();
    }

    /** Refuses (reason {@code auth}) a message whose topic names an edge node the connection may not speak for. */
    private void checkPublisher(Session s, String topicName) {
        if (topicName.startsWith(SparkplugTopic.NAMESPACE + "/STATE/")) {
            return;
        }
        SparkplugTopic topic;
        try {
            topic = SparkplugTopic.parse(topicName);
        } catch (IllegalArgumentException e) {
            throw new Rejection("topic", e.getMessage());
        }
        if (!gate.mayPublishAs(s.endpoint, topic.edgeNode())) {
            throw new Rejection(
                    "auth",
                    "client '" + s.endpoint.clientIdentifier() + "' may not publish as edge node '" + topic.edgeNode()
                            + "'");
        }
    }

    private void requestRebirth(Session s, SparkplugTopic ncmd) {
        String topic = ncmd.toString();
        if (s.subscriptions.stream().noneMatch(f -> TopicFilter.matches(f, topic))) {
            log.warn(
                    "agent {} (MQTT client {}) needs a rebirth but has not subscribed to {}; its view may stay stale",
                    ncmd.edgeNode(),
                    s.endpoint.clientIdentifier(),
                    topic);
            return;
        }
        s.endpoint.publish(
                topic,
                Buffer.buffer(SparkplugCodec.rebirthCommand(clock.instant())),
                MqttQoS.AT_MOST_ONCE,
                false,
                false);
    }

    private void enqueue(Session s, MqttPublishMessage msg, Change change) {
        Runnable ack = ackAction(s.endpoint, msg);
        if (change == null && ack == null) {
            return;
        }
        var work = new Work(
                change,
                ack == null ? () -> {} : () -> s.context.runOnContext(v -> ack.run()),
                e -> s.context.runOnContext(v -> s.failed()));
        switch (s.loop.offer(work)) {
            case QUEUED_ABOVE_HIGH_WATER -> pause(s);
            case FULL -> overloaded(s, msg);
            default -> {}
        }
    }

    private static Runnable ackAction(MqttEndpoint ep, MqttPublishMessage msg) {
        int id = msg.messageId();
        return switch (msg.qosLevel()) {
            case AT_LEAST_ONCE ->
                () -> {
                    if (ep.isConnected()) {
                        ep.publishAcknowledge(id);
                    }
                };
            case EXACTLY_ONCE ->
                () -> {
                    if (ep.isConnected()) {
                        ep.publishReceived(id);
                    }
                };
            default -> null;
        };
    }

    private void pause(Session s) {
        if (s.paused || !SocketPause.pause(s.endpoint)) {
            return;
        }
        s.paused = true;
        metrics.paused();
        log.debug("ingest queue above high water: pausing MQTT client {}", s.endpoint.clientIdentifier());
        s.loop.whenDrained(() -> s.context.runOnContext(v -> {
            s.paused = false;
            SocketPause.resume(s.endpoint);
        }));
    }

    private void overloaded(Session s, MqttPublishMessage msg) {
        metrics.rejected("overload");
        if (msg.qosLevel() == MqttQoS.AT_MOST_ONCE) {
            s.logRejection(new Rejection("overload", "ingest queue full, QoS 0 message dropped"), msg.topicName());
            return;
        }
        log.warn(
                "ingest queue of writer {} full ({} rows in {} messages): closing MQTT client {} so it redelivers"
                        + " later",
                s.writer,
                s.loop.queuedRows(),
                s.loop.depth(),
                s.endpoint.clientIdentifier());
        s.endpoint.close();
    }

    private void onClose(Session s) {
        if (sessions.remove(s)) {
            loops.release(s.writer);
        }
        log.info("MQTT client {} disconnected", s.endpoint.clientIdentifier());
        s.nodes.forEach((node, agent) -> {
            if (owners.remove(node, s)) {
                host.nodeGone(node);
                var death = new Work(new Change.NodeDeath(agent, -1, clock.instant()), () -> {}, e -> {});
                if (s.loop.offer(death) == CommitLoop.Offer.FULL) {
                    log.warn("agent {} went offline but the ingest queue is full; its status stays stale", agent);
                }
            }
        });
    }

    /** One connected client. */
    private static final class Session {
        final MqttEndpoint endpoint;
        final Context context;
        final CommitLoop loop;
        final int writer;
        final Map<String, String> nodes = new ConcurrentHashMap<>();
        final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();
        boolean paused;

        Session(MqttEndpoint endpoint, Context context, CommitLoop loop, int writer) {
            this.endpoint = endpoint;
            this.context = context;
            this.loop = loop;
            this.writer = writer;
        }

        void logRejection(Rejection r, String topic) {
            if (loggedReasons.add(r.reason)) {
                log.warn(
                        "rejected a message from MQTT client {} on {} ({}): {} (further '{}' rejections from this"
                                + " client are counted in vigil_ingest_rejected_total, not logged)",
                        endpoint.clientIdentifier(),
                        topic,
                        r.reason,
                        r.getMessage(),
                        r.reason);
            }
        }

        void failed() {
            if (endpoint.isConnected()) {
                endpoint.close();
            }
        }
    }
}
