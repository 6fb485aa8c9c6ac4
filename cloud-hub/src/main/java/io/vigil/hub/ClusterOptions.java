package io.vigil.hub;

import io.vigil.hub.cluster.ClusterSettings;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s cluster options: {@link ClusterSettings}. */
final class ClusterOptions {
    @Option(
            names = "--cluster",
            description = "Run as one node of a cluster of hubs (Hazelcast, TCP-IP join): they split the data through"
                    + " the broker's shared subscription, store it in one PostgreSQL, and every node's live feed shows"
                    + " what any node ingested; when one dies, another takes over its broker session. Needs --broker,"
                    + " --share-group and --db.")
    boolean clusterMode;

    @Option(
            names = "--cluster-host",
            paramLabel = "IP",
            description = "With --cluster: the interface the cluster binds to and announces to the other hubs.",
            defaultValue = "127.0.0.1")
    String clusterHost;

    @Option(
            names = "--cluster-port",
            paramLabel = "PORT",
            description = "With --cluster: this hub's cluster (Hazelcast) port on --cluster-host.",
            defaultValue = "5701")
    int clusterPort;

    @Option(
            names = "--cluster-members",
            paramLabel = "HOST:PORT,...",
            description = "With --cluster: the other hubs to join, as HOST:PORT of their --cluster-host and"
                    + " --cluster-port (default: none; this hub waits for the others to join it).")
    String clusterMembers;

    @Option(
            names = "--cluster-name",
            paramLabel = "NAME",
            description = "With --cluster: hubs join only a cluster of the same name.",
            defaultValue = ClusterSettings.DEFAULT_NAME)
    String clusterName;

    /** This node's cluster port; empty when the hub runs alone. */
    OptionalInt port() {
        return clusterMode ? OptionalInt.of(clusterPort) : OptionalInt.empty();
    }

    Optional<ClusterSettings> settings() {
        if (!clusterMode) {
            if (clusterMembers != null) {
                throw new IllegalArgumentException("--cluster-members needs --cluster");
            }
            return Optional.empty();
        }
        return Optional.of(new ClusterSettings(
                clusterHost, clusterPort, ClusterSettings.parseMembers(clusterMembers), clusterName));
    }
}
