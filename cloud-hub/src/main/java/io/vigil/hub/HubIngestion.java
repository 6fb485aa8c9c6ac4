package io.vigil.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vigil.hub.cluster.HubCluster;
import io.vigil.hub.ingest.BrokerIngest;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.CommitLoops;
import io.vigil.hub.ingest.IngestMetrics;
import io.vigil.hub.ingest.MqttIngest;
import io.vigil.hub.ingest.PayloadLimits;
import io.vigil.hub.security.HubSecurity;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The hub's ingestion part: the commit loops, fed either by the embedded MQTT endpoint or by the sessions of an
 * external broker. Both register their stop after the loops', so the listener stops first and nothing is acknowledged
 * once the writers have stopped.
 *
 * @param uri where agents publish
 * @param clients how many MQTT clients (agents, or broker sessions) are connected now
 * @param rebirth asks an agent for a fresh birth; false when it is not connected
 * @param connected whether an agent has a connection now (with a broker, the broker knows: always true here)
 */
record HubIngestion(URI uri, IntSupplier clients, Predicate<String> rebirth, Predicate<String> connected) {
    private static final int START_TIMEOUT_S = 30;

    /** Starts the embedded MQTT endpoint on {@code listen}, admitting agents through {@code security}. */
    static HubIngestion embedded(
            ListenSettings listen,
            PayloadLimits limits,
            Vertx vertx,
            CommitLoops loops,
            IngestMetrics metrics,
            HubSecurity security,
            Clock clock,
            ShutdownSequence stops) {
        var ingest = new MqttIngest(vertx, loops, metrics, clock, limits).gate(security.mqttGate());
        stops.addAsync("MQTT listener", ingest::close);
        int port = Listeners.await(ingest.listen(listen.host(), listen.mqttPort()), listen, listen.mqttPort(), "MQTT");
        var uri = URI.create((security.settings().mqttTls() ? "ssl://" : "tcp://") + listen.uriHost() + ":" + port);
        return new HubIngestion(uri, ingest::clients, ingest::requestRebirth, agent -> ingest.connectedAgents()
                .contains(agent));
    }

    /** Subscribes to the external broker; in a cluster, also takes over the sessions of hubs that leave it. */
    static HubIngestion broker(
            BrokerSettings settings,
            PayloadLimits limits,
            Optional<HubCluster> cluster,
            CommitLoops loops,
            IngestMetrics metrics,
            Clock clock,
            ShutdownSequence stops) {
        var broker = new BrokerIngest(loops, metrics, clock, settings, limits);
        stops.addAsync("broker subscription", broker::close);
        awaitSubscribed(broker.start());
        cluster.ifPresent(c -> c.drainSessionsOfLeavers(broker::drain));
        return new HubIngestion(settings.broker(), broker::clients, broker::requestRebirth, agent -> true);
    }

    private static void awaitSubscribed(Future<Void> started) {
        try {
            started.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the broker", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not accept the subscription within 30 s", e);
        }
    }
}
