package io.vigil.adapters.scan;

import java.util.Objects;

/**
 * One host:port to fingerprint. {@code explicit} is true when the operator named the port: then every probe is tried
 * in turn (one at a time); otherwise only the probe native to the port runs.
 */
public record ScanTarget(String host, int port, boolean explicit) {
    public ScanTarget {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of " + host + " is not in 1..65535");
        }
    }

    /** {@code host:port}, with IPv6 literals in brackets. */
    public String label() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
