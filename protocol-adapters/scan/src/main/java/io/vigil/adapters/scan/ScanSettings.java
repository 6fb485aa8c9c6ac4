package io.vigil.adapters.scan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The etiquette of a scan. The floors are not negotiable: frames to one host are at least {@link #MIN_FRAME_GAP}
 * apart, at most {@link #MAX_PARALLEL_HOSTS} hosts are talked to at once, and no more than one retry is made.
 *
 * @param ports ports scanned on targets given without one
 * @param timeout connect and reply timeout, per frame
 * @param parallelHosts hosts scanned at the same time (each with at most one connection)
 * @param frameGap the minimum time between two frames to one host
 * @param retries connect attempts after a connect timeout (0 or 1)
 * @param breakerThreshold consecutive failures on a host after which its remaining targets are skipped
 */
public record ScanSettings(
        List<Integer> ports,
        Duration timeout,
        int parallelHosts,
        Duration frameGap,
        int retries,
        int breakerThreshold) {
    public static final List<Integer> DEFAULT_PORTS = List.of(102, 502, 1883, 4840, 8883, 44818, 47808);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_PARALLEL_HOSTS = 4;
    public static final Duration MIN_FRAME_GAP = Duration.ofMillis(250);
    public static final int MAX_PARALLEL_HOSTS = 16;
    public static final int DEFAULT_BREAKER_THRESHOLD = 3;

    public ScanSettings {
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("ports is empty");
        }
        ports.forEach(p -> {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("ports: " + p + " is not in 1..65535");
            }
        });
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 50 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("timeout must be 50ms..30s, not " + timeout);
        }
        if (parallelHosts < 1 || parallelHosts > MAX_PARALLEL_HOSTS) {
            throw new IllegalArgumentException(
                    "parallelHosts must be 1.." + MAX_PARALLEL_HOSTS + ", not " + parallelHosts);
        }
        Objects.requireNonNull(frameGap, "frameGap");
        if (frameGap.compareTo(MIN_FRAME_GAP) < 0) {
            throw new IllegalArgumentException("frameGap must be at least 250ms, not " + frameGap);
        }
        if (retries < 0 || retries > 1) {
            throw new IllegalArgumentException("retries must be 0 or 1, not " + retries);
        }
        if (breakerThreshold < 1 || breakerThreshold > 10) {
            throw new IllegalArgumentException("breakerThreshold must be 1..10, not " + breakerThreshold);
        }
    }

    public static ScanSettings defaults() {
        return new ScanSettings(
                DEFAULT_PORTS, DEFAULT_TIMEOUT, DEFAULT_PARALLEL_HOSTS, MIN_FRAME_GAP, 1, DEFAULT_BREAKER_THRESHOLD);
    }

    public ScanSettings withTimeout(Duration t) {
        return new ScanSettings(ports, t, parallelHosts, frameGap, retries, breakerThreshold);
    }

    public ScanSettings withPorts(List<Integer> p) {
        return new ScanSettings(p, timeout, parallelHosts, frameGap, retries, breakerThreshold);
    }

    public ScanSettings withParallelHosts(int n) {
        return new ScanSettings(ports, timeout, n, frameGap, retries, breakerThreshold);
    }
}
