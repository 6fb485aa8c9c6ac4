package io.vigil.hub.ingest;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientReconnector;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 5 session of the hub with the broker (HiveMQ's client): persistent ({@code cleanStart=false}, a session
 * expiry interval), QoS 1 with <b>manual acknowledgement</b> — the broker's PUBACK is sent only when the caller calls
 * {@link Mqtt5Publish#acknowledge()}, after the commit — and a receive maximum that bounds how many unacknowledged
 * messages the broker sends: when the database falls behind, acknowledgements slow down and so does the broker.
 *
 * <p>Messages reach {@code handler} on this session's own thread (its {@link #lane()}), in arrival order: decoding
 * is CPU work that would hold up a Vert.x event loop (and the hub's HTTP API with it) under load. A lost connection is
 * reconnected with exponential backoff (0.5 s doubling to 30 s); when the broker no longer has the session (expired, or
 * a broker without persistence restarted) the subscriptions are made again. Messages received before a reconnection
 * and not yet acknowledged come again from the broker (DUP), so acknowledging the old copies is harmless.
 */
final class BrokerSession {
    private static final Logger log = LoggerFactory.getLogger(BrokerSession.class);
    private static final long FIRST_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 30_000;
    private static final int MAX_PACKET = 8 * 1024 * 1024;
    private static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private final BrokerSettings settings;
    private final String id;
    private final List<String> topics;
    private final Optional<Supplier<Mqtt5Publish>> will;
    private final ScheduledExecutorService lane;
    private final Mqtt5AsyncClient client;
    private volatile boolean closing;
    private volatile boolean started;
    /** Between a lost connection and the next one that holds: only the first loss of an outage is logged. */
    private volatile boolean down;

    private volatile Consumer<Boolean> onConnected = present -> {};
    /** The receive maximum of the next CONNECT: the configured one, raised when the broker does not honour it. */
    private volatile int receiveMaximum;

    /**
     * @param topics the topic filters to subscribe to at QoS 1 (shared ones as {@code $share/GROUP/FILTER})
     * @param will the will of each new connection (made again per connection, so it can carry a fresh timestamp)
     * @param handler gets every message, on this session's lane; it must acknowledge each one eventually
     */
    BrokerSession(
            BrokerSettings settings,
            String id,
            List<String> topics,
            Optional<Supplier<Mqtt5Publish>> will,
            Consumer<Mqtt5Publish> handler) {
        this.settings = settings;
        this.id = id;
        this.topics = List.copyOf(topics);
        this.will = will;
        this.receiveMaximum = settings.receiveMaximum();
        this.lane = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "vigil-broker-" + id);
            t.setDaemon(true);
            return t;
        });
        this.client = Mqtt5Client.builder()
                .identifier(id)
                .serverHost(settings.broker().getHost())
                .serverPort(settings.broker().getPort())
                .addConnectedListener(c -> connected((Mqtt5ClientConnectedContext) c))
                .addDisconnectedListener(this::disconnected)
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, handler, this::execute, true);
    }

    String id() {
        return id;
    }

    /** This session's thread: messages are handled there, and what touches their state must run there. */
    ScheduledExecutorService lane() {
        return lane;
    }

    /** Called with "session present" after each connection once the subscriptions hold (on a HiveMQ thread). */
    void onConnected(Consumer<Boolean> listener) {
        this.onConnected = listener;
    }

    /** Connects and subscribes; fails (without retrying) when the first connection or subscription fails. */
    Future<Boolean> start() {
        Promise<Boolean> done = Promise.promise();
        client.connect(connect())
                .thenCompose(ack -> subscribe().thenApply(s -> ack.isSessionPresent()))
                .whenComplete((present, e) -> {
                    if (e != null) {
                        closing = true;
                        client.disconnect();
                        done.fail(new IllegalStateException(
                                "cannot subscribe to broker " + settings.broker() + " as " + id + ": " + e.getMessage(),
                                e));
                        return;
                    }
                    started = true;
                    log.info(
                            "MQTT 5 session {} on broker {}{}: session present {}, receive maximum {}",
                            id,
                            settings.broker(),
                            settings.dataGroup()
                                    .map(g -> " in share group " + g)
                                    .orElse(""),
                            present,
                            receiveMaximum);
                    onConnected.accept(present);
                    done.complete(present);
                });
        return done.future();
    }

    boolean connected() {
        return client.getState().isConnected();
    }

    /** Publishes at QoS 1 (or 0); completes when the broker acknowledged it. */
    CompletionStage<?> publish(String topic, byte[] payload, boolean qos1, boolean retain) {
        return client.publishWith()
                .topic(topic)
                .qos(qos1 ? MqttQos.AT_LEAST_ONCE : MqttQos.AT_MOST_ONCE)
                .retain(retain)
                .payload(payload)
                .send();
    }

    /**
     * Drops the connection and reconnects after a pause, so the broker sends again what is unacknowledged (after a
     * failed commit: MQTT 5 redelivers only on a new connection).
     */
    void reconnectForRedelivery() {
        if (closing || !client.getState().isConnected()) {
            return;
        }
        client.disconnect()
                .whenComplete((v, e) -> lane.schedule(this::reconnect, FIRST_RETRY_MS * 2, TimeUnit.MILLISECONDS));
    }

    private void reconnect() {
        if (closing) {
            return;
        }
        client.connect(connect()).whenComplete((ack, e) -> {
            if (e != null) {
                log.warn("broker {}: session {} cannot reconnect ({}); retrying", settings.broker(), id, e.toString());
                lane.schedule(this::reconnect, MAX_RETRY_MS / 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Disconnects; the broker keeps the session (and what it queues) for the session expiry interval. */
    CompletionStage<Void> close() {
        closing = true;
        CompletionStage<Void> disconnected = client.getState().isConnectedOrReconnect()
                ? client.disconnect().exceptionally(e -> null)
                : CompletableFuture.completedFuture(null);
        return disconnected.whenComplete((v, e) -> lane.shutdown());
    }

    private Mqtt5Connect connect() {
        var connect = Mqtt5Connect.builder()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .keepAlive(30)
                .restrictions()
                .receiveMaximum(receiveMaximum)
                .maximumPacketSize(MAX_PACKET)
                .applyRestrictions();
        will.ifPresent(w -> connect.willPublish(w.get()));
        return connect.build();
    }

    private CompletionStage<?> subscribe() {
        var subscribe = Mqtt5Subscribe.builder().addSubscription(subscription(topics.get(0)));
        topics.subList(1, topics.size()).forEach(t -> subscribe.addSubscription(subscription(t)));
        return client.subscribe(subscribe.build());
    }

    private static Mqtt5Subscription subscription(String topic) {
        return Mqtt5Subscription.builder()
                .topicFilter(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .build();
    }

    private void connected(Mqtt5ClientConnectedContext c) {
        if (!started) {
            return;
        }
        boolean present = c.getConnAck().isSessionPresent();
        down = false;
        log.info(
                "MQTT 5 session {} reconnected to broker {}: session present {}{}",
                id,
                settings.broker(),
                present,
                present ? "" : " (the broker lost it: subscribing again; what it held is gone)");
        if (present) {
            onConnected.accept(true);
            return;
        }
        subscribe().whenComplete((s, e) -> {
            if (e != null) {
                log.warn("session {}: subscribing again failed ({}); reconnecting", id, e.toString());
                reconnectForRedelivery();
            } else {
                onConnected.accept(false);
            }
        });
    }

    /** A connection lost (or a reconnection attempt failed): retry with backoff, a fresh CONNECT (and will) each time. */
    private void disconnected(MqttClientDisconnectedContext c) {
        if (closing || !started || c.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        raiseReceiveMaximumIfExceeded(c.getCause());
        var reconnector = (Mqtt5ClientReconnector) c.getReconnector();
        int attempt = reconnector.getAttempts();
        long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt, 6));
        if (!down) {
            down = true;
            log.warn(
                    "session {} lost broker {} ({}); reconnecting with backoff (the session keeps unacknowledged data)",
                    id,
                    settings.broker(),
                    c.getCause().toString());
        } else {
            log.debug(
                    "session {}: reconnection {} failed ({})",
                    id,
                    attempt,
                    c.getCause().toString());
        }
        reconnector
                .reconnect(true)
                .resubscribeIfSessionExpired(false)
                .connect(connect())
                .delay(delay, TimeUnit.MILLISECONDS);
    }

    /**
     * More unacknowledged messages than the receive maximum break MQTT 5 (4.9), and HiveMQ's client then closes the
     * connection. Mosquitto 2.0.11 does not enforce a client's receive maximum (measured with a probe: 108 messages in
     * flight to a client that allowed 10; a hub with 128 was exceeded under load), and after the reconnection it resends
     * its whole in-flight list at once, which would fail again forever: so each such violation doubles this session's
     * receive maximum (up to 65,535) for its next connection, with a warning. Each reconnection costs a redelivery of
     * what was in flight, which is why the default is 65,535.
     */
    private void raiseReceiveMaximumIfExceeded(Throwable cause) {
        if (cause instanceof Mqtt5DisconnectException d
                && d.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED
                && receiveMaximum < MAX_RECEIVE_MAXIMUM) {
            int raised = Math.min(MAX_RECEIVE_MAXIMUM, receiveMaximum * 2);
            log.warn(
                    "broker {} sent session {} more unacknowledged messages than its receive maximum {} (MQTT 5"
                            + " 4.9); raising it to {} for the next connection",
                    settings.broker(),
                    id,
                    receiveMaximum,
                    raised);
            receiveMaximum = raised;
            down = false;
        }
    }

    /** Runs {@code r} on this session's lane; dropped once the session is closed. */
    void execute(Runnable r) {
        try {
            lane.execute(r);
        } catch (RejectedExecutionException closed) {
            log.debug("session {} is closed: {} dropped", id, r);
        }
    }
}
