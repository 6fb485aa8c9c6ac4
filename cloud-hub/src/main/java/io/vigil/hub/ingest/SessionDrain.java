package io.vigil.hub.ingest;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a persistent session of another hub that died, so what the broker kept for it is stored now rather than when
 * (if ever) that hub comes back.
 *
 * <p>Why it is needed: Mosquitto (2.0.11, measured) keeps handing a share group's messages, in turn, to a member whose
 * persistent session is offline, queueing them there; and the messages the dead hub had received but not acknowledged
 * stay in that session too. So with two hubs, half of what is published after one dies waits in its sessions.
 *
 * <p>How: connect with the dead session's client id ({@code cleanStart=false}, which resumes it), unsubscribe every
 * topic a hub's session may have so the broker routes nothing new to it, pass each queued message to the handler
 * (which stores it and calls {@link #settled} after the commit, like any message), and disconnect once the
 * unsubscription is confirmed, nothing waits for a commit and nothing arrived for {@link #IDLE_MS}. Never reconnects:
 * if the dead hub comes back it takes its client id over, and what was not yet acknowledged goes to it.
 */
final class SessionDrain {
    private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);
    static final long IDLE_MS = 1000;

    private final BrokerSettings settings;
    private final String clientId;
    private final List<String> topics;
    private final ScheduledExecutorService lane;
    private final Promise<Long> done = Promise.promise();
    private Mqtt5AsyncClient client;
    private long received;
    private long pending;
    private long lastMessage;
    private boolean unsubscribed;

    SessionDrain(BrokerSettings settings, String clientId, List<String> topics) {
        this.settings = settings;
        this.clientId = clientId;
        this.topics = List.copyOf(topics);
        this.lane = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "vigil-broker-drain-" + clientId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The thread the handler is called on, and that {@link #settled} and {@link #abandon} must run on. */
    ScheduledExecutorService lane() {
        return lane;
    }

    /** Connects and drains; completes with the number of messages taken over. */
    Future<Long> start(Consumer<Mqtt5Publish> handler) {
        lane.execute(() -> connect(handler));
        return done.future();
    }

    /** A message handed to the handler is committed: acknowledge it. On the drain's lane. */
    void settled(Mqtt5Publish msg) {
        pending--;
        try {
            msg.acknowledge();
        } catch (RuntimeException e) {
            log.debug("drain of {}: acknowledgement not sent ({})", clientId, e.toString());
        }
    }

    /** A commit failed: leave what remains to the broker. On the drain's lane. */
    void abandon(Throwable e) {
        log.warn(
                "commit failed while draining session {} ({}); leaving the rest to the broker", clientId, e.toString());
        client.disconnect();
        finish("a commit failed");
    }

    private void connect(Consumer<Mqtt5Publish> handler) {
        client = Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(settings.broker().getHost())
                .serverPort(settings.broker().getPort())
                .addDisconnectedListener(c -> lane.execute(() -> finish("the connection closed")))
                .buildAsync();
        client.publishes(
                MqttGlobalPublishFilter.ALL,
                msg -> {
                    received++;
                    pending++;
                    lastMessage = System.nanoTime();
                    handler.accept(msg);
                },
                lane,
                true);
        lastMessage = System.nanoTime();
        var unsubscribe = Mqtt5Unsubscribe.builder().addTopicFilter(topics.get(0));
        topics.subList(1, topics.size()).forEach(unsubscribe::addTopicFilter);
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .restrictions()
                .receiveMaximum(settings.receiveMaximum())
                .applyRestrictions()
                .send()
                .thenCompose(ack -> {
                    log.info(
                            "draining the session of {} on {} (session present {})",
                            clientId,
                            settings.broker(),
                            ack.isSessionPresent());
                    return client.unsubscribe(unsubscribe.build());
                })
                .whenComplete((ack, e) -> lane.execute(() -> {
                    if (e != null) {
                        finish("cannot connect: " + e.getMessage());
                        return;
                    }
                    unsubscribed = true;
                    lane.scheduleWithFixedDelay(
                            () -> {
                                if (!done.future().isComplete()
                                        && unsubscribed
                                        && pending == 0
                                        && idleFor() >= IDLE_MS) {
                                    finish("drained");
                                    client.disconnect();
                                }
                            },
                            IDLE_MS / 4,
                            IDLE_MS / 4,
                            TimeUnit.MILLISECONDS);
                }));
    }

    private long idleFor() {
        return (System.nanoTime() - lastMessage) / 1_000_000;
    }

    private void finish(String why) {
        if (done.tryComplete(received)) {
            log.info("session of {}: {} message(s) taken over, {}", clientId, received, why);
            // acknowledgements still queued run first; the periodic check stops with the lane
            lane.schedule(lane::shutdown, IDLE_MS, TimeUnit.MILLISECONDS);
        }
    }
}
