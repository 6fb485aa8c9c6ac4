package io.vigil.hub;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.ingest.BrokerSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s external broker options: {@link BrokerSettings}. */
final class BrokerOptions {
    @Option(
            names = "--broker",
            paramLabel = "URI",
            description = "External MQTT 5 broker (tcp://HOST:PORT) to subscribe to, instead of running the embedded"
                    + " endpoint (--mqtt-port is then unused): persistent sessions, QoS 1, acknowledged after commit"
                    + " (default: the embedded endpoint).")
    URI broker;

    @Option(
            names = "--share-group",
            paramLabel = "NAME",
            description = "With --broker: consume data through the shared subscription $share/NAME/..., so hubs with"
                    + " the same group split the load (default: none, this hub takes every message).")
    String shareGroup;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "With --broker: MQTT client id of the persistent session and Sparkplug host id of"
                    + " spBv1.0/STATE/ID; keep it across restarts, unique per hub (default: vigil-hub-HOSTNAME, with"
                    + " --cluster vigil-hub-HOSTNAME-CLUSTER_PORT).")
    String clientId;

    @Option(
            names = "--broker-sessions",
            paramLabel = "N",
            description = "With --broker: MQTT sessions this hub consumes data through (client ids ID, ID.1, ...),"
                    + " each feeding one writer; with N > 1 and no --share-group they share the data through the"
                    + " group ID. 1 with no --share-group keeps each edge node's messages in order and checks Sparkplug"
                    + " sequence numbers.",
            defaultValue = "" + BrokerSettings.DEFAULT_SESSIONS)
    int brokerSessions;

    @Option(
            names = "--broker-session-expiry",
            paramLabel = "DURATION",
            description = "With --broker: how long the broker keeps this hub's sessions, and what it queues for them,"
                    + " while the hub is away (MQTT 5 session expiry; e.g. 30m, 12h, 7d).",
            defaultValue = "1d",
            converter = DurationConverter.class)
    Duration brokerSessionExpiry;

    @Option(
            names = "--broker-receive-maximum",
            paramLabel = "N",
            description = "With --broker: unacknowledged messages the broker may send each session before the hub"
                    + " has committed them (MQTT 5 receive maximum): the back-pressure to a broker that honours it"
                    + " (EMQX, HiveMQ); Mosquitto 2.0.11 does not, so the default is MQTT's own.",
            defaultValue = "" + BrokerSettings.DEFAULT_RECEIVE_MAXIMUM)
    int brokerReceiveMaximum;

    boolean present() {
        return broker != null;
    }

    /**
     * The settings, empty without {@code --broker}; the default client id carries {@code clusterPort} when the hub is
     * a cluster node, so two hubs on one machine get different sessions.
     */
    Optional<BrokerSettings> settings(OptionalInt clusterPort) {
        if (broker == null) {
            if (shareGroup != null || clientId != null) {
                throw new IllegalArgumentException("--share-group and --client-id need --broker");
            }
            return Optional.empty();
        }
        String id = clientId != null ? clientId : defaultClientId(clusterPort);
        return Optional.of(new BrokerSettings(
                broker,
                Optional.ofNullable(shareGroup),
                id,
                brokerSessions,
                brokerSessionExpiry,
                brokerReceiveMaximum));
    }

    /** vigil-hub-HOSTNAME, with the cluster port in a cluster. */
    private static String defaultClientId(OptionalInt clusterPort) {
        String id = "vigil-hub-" + SparkplugCodec.tagId(hostName());
        return clusterPort.isPresent() ? id + "-" + clusterPort.getAsInt() : id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
