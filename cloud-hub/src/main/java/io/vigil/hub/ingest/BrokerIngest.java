package io.vigil.hub.ingest;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.hub.store.write.Change;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External broker mode: the hub is an MQTT 5 client of Mosquitto, EMQX or HiveMQ instead of an endpoint.
 *
 * <p><b>Nothing lost.</b> Persistent sessions ({@code cleanStart=false}, a session expiry interval, fixed client ids)
 * at QoS 1 with manual acknowledgement: a message's PUBACK goes to the broker only after its rows are committed, so a
 * hub that dies or disconnects gets the unacknowledged messages again (its sessions keep them) and the idempotent
 * writes store each sample once. The receive maximum of each session bounds what the broker sends ahead of the
 * commits: a database that falls behind slows the acknowledgements and so the broker.
 *
 * <p><b>Sharing the load.</b> The hub consumes data ({@code DDATA}, {@code NDATA}) through {@link
 * BrokerSettings#sessions()} sessions, each subscribed to {@code $share/GROUP/...} and feeding its own writer, so the
 * broker spreads messages over every session of every hub in the group. Births and deaths come through a plain
 * subscription of the first session to every hub: each keeps the full alias tables and writes births idempotently.
 *
 * <p><b>Ordering.</b> A shared subscription hands out messages one by one (Mosquitto in turn, whatever their
 * publisher), so consecutive messages of one edge node may be committed by different sessions or hubs in any order.
 * Storage does not care (rows are keyed by series and time, written idempotently), but Sparkplug sequence numbers
 * mean nothing then and are checked only with a single session and no share group, where every message of a node
 * arrives through one session in publish order.
 *
 * <p><b>STATE.</b> As a Sparkplug 3.0 host application the first session publishes {@code spBv1.0/STATE/CLIENT_ID}
 * retained at QoS 1: {@code {"online":true,"timestamp":T}} once subscribed, with {@code {"online":false,
 * "timestamp":T}} (same T) as its will and on a clean stop.
 */
public final class BrokerIngest {
    private static final Logger log = LoggerFactory.getLogger(BrokerIngest.class);

    private final CommitLoops loops;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final BrokerSettings settings;
    private final SparkplugHost host;
    private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();
    private final Map<String, String> groups = new ConcurrentHashMap<>();
    private final List<BrokerSession> sessions = new ArrayList<>();
    private volatile HostState state;
    private volatile boolean closing;

    public BrokerIngest(CommitLoops loops, IngestMetrics metrics, Clock clock, BrokerSettings settings) {
        this.loops = loops;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.host = new SparkplugHost(clock, metrics, settings.seesEveryMessageInOrder());
        this.state = new HostState(settings.clientId(), clock.millis());
        List<String> ids = settings.sessionIds();
        for (int i = 0; i < ids.size(); i++) {
            sessions.add(new Channel(ids.get(i), i == 0).session);
        }
    }

    /** One session and the writer it feeds. */
    private final class Channel {
        final BrokerSession session;
        final LoopFeed feed;
        final Counter received;

        Channel(String id, boolean first) {
            Optional<Supplier<Mqtt5Publish>> will = first ? Optional.of(BrokerIngest.this::will) : Optional.empty();
            session = new BrokerSession(
                    settings, id, first ? subscriptions() : dataSubscriptions(), will, this::onMessage);
            feed = new LoopFeed(session.lane(), loops.get(loops.assign()));
            received = metrics.sessionMessages(id);
            if (first) {
                session.onConnected(present -> announce());
            }
        }

        private void onMessage(Mqtt5Publish msg) {
            metrics.message();
            received.increment();
            feed.submit(new Work(interpret(msg), () -> ack(session, msg), e -> failed(session, e)));
        }
    }

    /** Connects every session, subscribes and announces STATE online; fails if the broker refuses any of them. */
    public Future<Void> start() {
        return Future.all(sessions.stream().map(BrokerSession::start).toList())
                .<Void>mapEmpty()
                .onSuccess(v -> log.info(
                        "consuming broker {} through {} MQTT 5 session(s) ({}){}; Sparkplug sequence numbers {}",
                        settings.broker(),
                        sessions.size(),
                        String.join(", ", settings.sessionIds()),
                        settings.dataGroup().map(g -> " in share group " + g).orElse(""),
                        settings.seesEveryMessageInOrder() ? "checked" : "not checked (shared subscription)"))
                .recover(e -> {
                    closeSessions();
                    return Future.failedFuture(e);
                });
    }

    public String stateTopic() {
        return state.topic();
    }

    /** Sessions connected to the broker (for health and metrics). */
    public int clients() {
        return (int) sessions.stream().filter(BrokerSession::connected).count();
    }

    /** Publishes STATE offline and disconnects; the sessions and what they hold stay with the broker. */
    public Future<Void> close() {
        closing = true;
        BrokerSession first = sessions.get(0);
        Future<Void> offline = first.connected()
                ? Future.fromCompletionStage(
                                first.publish(stateTopic(), state.payload(false).getBytes(), true, true))
                        .<Void>mapEmpty()
                        .otherwiseEmpty()
                : Future.succeededFuture();
        return offline.compose(v -> closeSessions());
    }

    private Future<Void> closeSessions() {
        return Future.join(sessions.stream()
                        .map(s -> Future.fromCompletionStage(s.close()))
                        .toList())
                .mapEmpty();
    }

    /** Births and deaths to every hub; data through the share group (or everything, with one unshared session). */
    private List<String> subscriptions() {
        String ns = SparkplugTopic.NAMESPACE;
        if (settings.dataGroup().isEmpty()) {
            return List.of(ns + "/#");
        }
        var topics = new ArrayList<String>();
        for (String type : new String[] {"NBIRTH", "NDEATH", "DBIRTH", "DDEATH"}) {
            topics.add(ns + "/+/" + type + "/#");
        }
        topics.addAll(dataSubscriptions());
        return topics;
    }

    private List<String> dataSubscriptions() {
        String share = "$share/" + settings.dataGroup().orElseThrow() + "/" + SparkplugTopic.NAMESPACE;
        return List.of(share + "/+/NDATA/#", share + "/+/DDATA/#");
    }

    private Mqtt5Publish will() {
        state = new HostState(settings.clientId(), clock.millis());
        return Mqtt5Publish.builder()
                .topic(stateTopic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(state.payload(false).getBytes())
                .build();
    }

    private void announce() {
        if (closing) {
            return;
        }
        sessions.get(0)
                .publish(stateTopic(), state.payload(true).getBytes(), true, true)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("could not publish STATE online on {}: {}", stateTopic(), e.toString());
                    }
                });
    }

    private Change interpret(Mqtt5Publish msg) {
        String topic = msg.getTopic().toString();
        try {
            var r = host.interpret(topic, msg.getPayloadAsBytes(), settings.clientId(), this::rebirth);
            remember(r.topic(), r.change() != null);
            return r.change();
        } catch (Rejection r) {
            metrics.rejected(r.reason);
            if (loggedReasons.add(r.reason)) {
                log.warn(
                        "rejected a message on {} ({}): {} (further ones are counted, not logged)",
                        topic,
                        r.reason,
                        r.getMessage());
            }
            return null;
        }
    }

    /**
     * Takes over the persistent session of another hub of the share group that died (see {@link SessionDrain}): stores
     * the data it still held through this hub's writers, acknowledged after the commit. Births and deaths in it are
     * acknowledged unread: this hub got them through its own subscriptions. Safe to call from any thread; completes
     * with the number of messages taken over.
     */
    public Future<Long> drain(String deadClientId) {
        if (settings.sessionIds().contains(deadClientId)) {
            return Future.failedFuture(new IllegalArgumentException("cannot drain this hub's own session"));
        }
        var topics = new ArrayList<>(subscriptions());
        int index = loops.assign();
        var drain = new SessionDrain(settings, deadClientId, topics);
        var feed = new LoopFeed(drain.lane(), loops.get(index));
        return drain.start(msg -> drained(feed, drain, msg)).onComplete(ar -> loops.release(index));
    }

    private void drained(LoopFeed feed, SessionDrain drain, Mqtt5Publish msg) {
        metrics.message();
        String topic = msg.getTopic().toString();
        Change change = topic.contains("/NDATA/") || topic.contains("/DDATA/") ? interpret(msg) : null;
        feed.submit(new Work(
                change,
                () -> onLane(drain.lane(), () -> drain.settled(msg)),
                e -> onLane(drain.lane(), () -> drain.abandon(e))));
    }

    /** Runs {@code r} on a drain's lane, or drops it when the drain is over (its connection is gone anyway). */
    private static void onLane(Executor lane, Runnable r) {
        try {
            lane.execute(r);
        } catch (RejectedExecutionException over) {
            log.debug("session drain over: {} dropped", r);
        }
    }

    private static void ack(BrokerSession from, Mqtt5Publish msg) {
        from.execute(() -> {
            try {
                msg.acknowledge();
            } catch (RuntimeException e) {
                // already acknowledged, or received on a connection since lost: the broker sends it again anyway
                log.debug("session {}: acknowledgement not sent ({})", from.id(), e.toString());
            }
        });
    }

    private void failed(BrokerSession from, Throwable e) {
        from.execute(() -> {
            if (closing) {
                return;
            }
            log.warn("session {}: commit failed ({}); reconnecting so the broker redelivers", from.id(), e.toString());
            from.reconnectForRedelivery();
        });
    }

    /**
     * Asks an edge node seen alive through the broker to republish its births (Sparkplug NCMD {@code Node
     * Control/Rebirth}); false when no birth or data of that node has been seen since its last death. Safe to call from
     * any thread.
     */
    public boolean requestRebirth(String agent) {
        String group = groups.get(agent);
        if (group == null) {
            return false;
        }
        log.info(
                "requesting a rebirth from agent {} through broker {} (asked through the API)",
                agent,
                settings.broker());
        rebirth(SparkplugTopic.parse(SparkplugTopic.NAMESPACE + "/" + group + "/NCMD/" + agent));
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
        BrokerSession first = sessions.get(0);
        if (!first.connected()) {
            return;
        }
        first.publish(ncmd.toString(), SparkplugCodec.rebirthCommand(clock.instant()), false, false);
    }
}
