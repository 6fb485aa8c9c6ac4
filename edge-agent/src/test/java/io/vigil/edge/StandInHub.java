package io.vigil.edge;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugMessage;
import io.vigil.core.wire.SparkplugTopic;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Vert.x MQTT server on loopback standing in for the hub in the agent's tests: it decodes every Sparkplug B publish
 * and acknowledges QoS 1 by hand once the test has it, as the hub does after its commit; subscriptions are granted at
 * QoS 1. The real hub lives in cloud-hub, which the agent's tests use where they need storage.
 */
public final class StandInHub implements AutoCloseable {
    /** One publish as the agent sent it. */
    public record Received(SparkplugTopic topic, SparkplugMessage message) {}

    private final MqttServer server;

    private StandInHub(MqttServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); {@code received} sees each publish before its PUBACK. */
    public static StandInHub start(Vertx vertx, int port, Consumer<Received> received) throws Exception {
        return start(vertx, port, received, endpoint -> {});
    }

    /** The same; {@code connected} sees each client's endpoint (its will, a way to drop it). */
    public static StandInHub start(Vertx vertx, int port, Consumer<Received> received, Consumer<MqttEndpoint> connected)
            throws Exception {
        var server = MqttServer.create(
                vertx,
                new MqttServerOptions().setHost("127.0.0.1").setPort(port).setMaxMessageSize(1 << 20));
        server.endpointHandler(ep -> {
            connected.accept(ep);
            ep.publishAutoAck(false);
            ep.subscribeHandler(sub -> ep.subscribeAcknowledge(
                    sub.messageId(),
                    sub.topicSubscriptions().stream()
                            .map(s -> MqttQoS.AT_LEAST_ONCE)
                            .toList()));
            ep.publishHandler(msg -> {
                received.accept(new Received(
                        SparkplugTopic.parse(msg.topicName()),
                        SparkplugCodec.decode(msg.payload().getBytes())));
                if (msg.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    ep.publishAcknowledge(msg.messageId());
                }
            });
            ep.accept(false);
        });
        server.listen().await(10, TimeUnit.SECONDS);
        return new StandInHub(server);
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code tcp://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("tcp://127.0.0.1:" + port());
    }

    @Override
    public void close() throws Exception {
        server.close().await(5, TimeUnit.SECONDS);
    }
}
