package io.vigil.hub.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How this hub joins the others.
 *
 * @param host the interface the cluster (Hazelcast and the Vert.x event bus) binds to and announces; an IP address
 * @param port the Hazelcast member port on {@code host}; no auto-increment, so a busy port fails the start
 * @param members {@code host:port} of the members to join (this one may be listed too); empty: this hub alone
 *     (others join it)
 * @param name the cluster name; hubs with another name never join this cluster
 */
public record ClusterSettings(String host, int port, List<String> members, String name) {
    public static final String DEFAULT_NAME = "vigil";

    public ClusterSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("cluster host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster port " + port + " must be between 1 and 65535");
        }
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        for (String m : members) {
            int colon = m.lastIndexOf(':');
            if (colon < 1 || !m.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("cluster member '" + m + "' must be HOST:PORT");
            }
        }
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "cluster name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /** Parses {@code --cluster-members}: comma-separated {@code host:port}, blanks ignored. */
    public static List<String> parseMembers(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
