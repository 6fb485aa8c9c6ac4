package io.vigil.edge.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.edge.StandInHub;
import io.vigil.edge.StandInHub.Received;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.edge.device.Backoff;
import io.vigil.testing.Await;
import io.vigil.testing.Ports;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real MQTT server (Vert.x's, acknowledging QoS 1 publishes by hand as the hub does). */
@Timeout(60)
class SparkplugForwarderTest {
    final Vertx vertx = Vertx.vertx();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<MqttEndpoint> endpoints = new CopyOnWriteArrayList<>();
    StandInHub server;
    SparkplugForwarder forwarder;

    @AfterEach
    void stop() throws Exception {
        if (forwarder != null) {
            forwarder
                    .close(Duration.ofMillis(200))
                    .toCompletableFuture()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
        }
        if (server != null) {
            server.close();
        }
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void buffersWhileTheHubIsDownAndFlushesInOrderAfterBirthsOnceItIsUp() throws Exception {
        int port = Ports.free();
        var outbox = new Outbox(100_000);
        forwarder = forwarder(port, outbox);
        forwarder.start();
        for (int i = 0; i < 500; i++) {
            outbox.addSamples("pump-1", List.of(Sample.good("flow", Instant.EPOCH.plusMillis(i), i)));
        }
        Await.until("500 messages buffered", Duration.ofSeconds(20), () -> outbox.buffered() == 500);
        assertThat(forwarder.connected()).isFalse();

        startServer(port);
        Await.until("an empty outbox", Duration.ofSeconds(20), () -> outbox.buffered() == 0);

        assertThat(received.get(0).topic().type()).isEqualTo(MessageType.NBIRTH);
        assertThat(received.get(0).message().seq()).isZero();
        assertThat(received.get(1).topic().type()).isEqualTo(MessageType.DBIRTH);
        assertThat(received.get(1).message().births()).contains(new MetricDef("flow", "l/min"));
        assertThat(received.get(1).message().meta()).containsEntry("protocol", "modbus-tcp");
        var values = new ArrayList<Double>();
        long expectedSeq = 0;
        for (Received r : received) {
            assertThat(r.message().seq()).isEqualTo(expectedSeq);
            expectedSeq = (expectedSeq + 1) % 256;
            if (r.topic().type() == MessageType.DDATA) {
                r.message().data().samples().forEach(s -> values.add(s.value()));
            }
        }
        assertThat(values).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(values.get(i)).isEqualTo(i);
        }
        assertThat(outbox.acked()).isEqualTo(500);
        assertThat(outbox.dropped()).isZero();
        var will = endpoints.get(0).will();
        assertThat(will.getWillTopic()).isEqualTo("spBv1.0/plant/NDEATH/edge-1");
        assertThat(SparkplugCodec.decode(will.getWillMessageBytes()).bdSeq())
                .isEqualTo(received.get(0).message().bdSeq());
    }

    @Test
    void republishesBirthsOnRebirthCommandAndSendsDeviceDeath() throws Exception {
        int port = Ports.free();
        startServer(port);
        forwarder = forwarder(port, new Outbox(1000));
        forwarder.start();
        Await.until("one DBIRTH", Duration.ofSeconds(20), () -> count(MessageType.DBIRTH) == 1);

        forwarder.assetDown("pump-1");
        Await.until("one DDEATH", Duration.ofSeconds(20), () -> count(MessageType.DDEATH) == 1);
        endpoints
                .get(0)
                .publish(
                        "spBv1.0/plant/NCMD/edge-1",
                        Buffer.buffer(SparkplugCodec.rebirthCommand(Instant.now())),
                        MqttQoS.AT_LEAST_ONCE,
                        false,
                        false);
        Await.until(
                "a second NBIRTH and two DDEATHs",
                Duration.ofSeconds(20),
                () -> count(MessageType.NBIRTH) == 2 && count(MessageType.DDEATH) == 2);

        forwarder.assetUp("pump-1");
        Await.until("three DBIRTHs", Duration.ofSeconds(20), () -> count(MessageType.DBIRTH) == 3);
    }

    @Test
    void reconnectsWithNewBdSeqAndResendsUnacknowledgedData() throws Exception {
        int port = Ports.free();
        startServer(port);
        var outbox = new Outbox(1000);
        forwarder = forwarder(port, outbox);
        forwarder.start();
        Await.until("one NBIRTH", Duration.ofSeconds(20), () -> count(MessageType.NBIRTH) == 1);

        endpoints.get(0).close();
        Await.until("the forwarder to notice the broker is gone", Duration.ofSeconds(20), () -> !forwarder.connected());
        outbox.addSamples("pump-1", List.of(Sample.good("flow", Instant.EPOCH, 7)));
        Await.until(
                "a second NBIRTH and an empty outbox",
                Duration.ofSeconds(20),
                () -> count(MessageType.NBIRTH) == 2 && outbox.buffered() == 0);

        var births = received.stream()
                .filter(r -> r.topic().type() == MessageType.NBIRTH)
                .map(r -> r.message().bdSeq())
                .toList();
        assertThat(births).containsExactly(0L, 1L);
    }

    private SparkplugForwarder forwarder(int port, Outbox outbox) {
        var hub = new HubConfig(URI.create("tcp://127.0.0.1:" + port), Duration.ofMillis(50), 100_000);
        var birth = new AssetBirth(
                "pump-1",
                List.of(new MetricDef("flow", "l/min")),
                Map.of("protocol", "modbus-tcp", "device", "pump-modbus"));
        return new SparkplugForwarder(
                vertx,
                new AgentIdentity("edge-1", "plant"),
                hub,
                outbox,
                List.of(birth),
                Clock.systemUTC(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), () -> 1.0));
    }

    private void startServer(int port) throws Exception {
        server = StandInHub.start(vertx, port, received::add, endpoints::add);
    }

    private long count(MessageType type) {
        return received.stream().filter(r -> r.topic().type() == type).count();
    }
}
