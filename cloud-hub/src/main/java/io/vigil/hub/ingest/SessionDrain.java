package io.vigil.hub.ingest;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the persistent session of another hub that died, so what the broker kept for it is stored now rather than
 * when (if ever) that hub comes back.
 *
 * <p>Why it is needed: Mosquitto (2.0.11, measured) keeps handing a share group's messages, in turn, to a member whose
 * persistent session is offline, queueing them there; and the messages the dead hub had received but not acknowledged
 * stay in that session too. So with two hubs, half of what is published after one dies waits in its session.
 *
 * <p>How: connect with the dead hub's client id ({@code cleanSession=false}, which resumes its session), unsubscribe
 * every topic the session had so the broker routes nothing new to it, pass each queued message to {@code handle}
 * (which stores it and acknowledges it after the commit, like any message), and disconnect once the unsubscription is
 * confirmed, nothing is waiting for a commit and nothing arrived for {@link #IDLE_MS}. Never reconnects: if the dead
 * hub comes back it takes its client id over, and what was not yet acknowledged goes to it.
 */
final class SessionDrain {
    private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);
    static final long IDLE_MS = 1000;

    private final Vertx vertx;
    private final BrokerSettings settings;
    private final String clientId;
    private final List<String> topics;
    private final BiConsumer<MqttClient, MqttPublishMessage> handle;
    private final Promise<Long> done = Promise.promise();
    private MqttClient client;
    private long received;
    private long lastMessage;
    private boolean unsubscribed;

    SessionDrain(
            Vertx vertx,
            BrokerSettings settings,
            String clientId,
            List<String> topics,
            BiConsumer<MqttClient, MqttPublishMessage> handle) {
        this.vertx = vertx;
        this.settings = settings;
        this.clientId = clientId;
        this.topics = topics;
        this.handle = handle;
    }

    /** Starts on the caller's context; completes with the number of messages drained. */
    Promise<Long> start(PendingAcks pending) {
        var options = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(false)
                .setKeepAliveInterval(30)
                .setMaxMessageSize(8 * 1024 * 1024);
        options.setAutoAck(false);
        client = MqttClient.create(vertx, options);
        client.publishHandler(msg -> {
            received++;
            lastMessage = System.nanoTime();
            handle.accept(client, msg);
        });
        client.unsubscribeCompletionHandler(id -> unsubscribed = true);
        client.closeHandler(v -> finish("the connection closed (the hub may be back)"));
        lastMessage = System.nanoTime();
        client.connect(settings.broker().getPort(), settings.broker().getHost())
                .compose(ack -> client.unsubscribe(topics))
                .onSuccess(id -> {
                    log.info("draining the session of {} on {}", clientId, settings.broker());
                    vertx.setPeriodic(IDLE_MS / 4, t -> {
                        if (done.future().isComplete()) {
                            vertx.cancelTimer(t);
                        } else if (unsubscribed && pending.none() && idleFor() >= IDLE_MS) {
                            vertx.cancelTimer(t);
                            client.disconnect();
                            finish("drained");
                        }
                    });
                })
                .onFailure(e -> finish("cannot connect: " + e.getMessage()));
        return done;
    }

    private long idleFor() {
        return (System.nanoTime() - lastMessage) / 1_000_000;
    }

    private void finish(String why) {
        if (done.tryComplete(received)) {
            log.info("session of {}: {} message(s) taken over, {}", clientId, received, why);
        }
    }

    /** Whether messages handed to {@code handle} still wait for their commit. */
    @FunctionalInterface
    interface PendingAcks {
        boolean none();
    }
}
