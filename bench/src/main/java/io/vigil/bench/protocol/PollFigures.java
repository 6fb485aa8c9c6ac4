package io.vigil.bench.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one client achieved polling the same registers back-to-back.
 *
 * @param polls completed polls (each one read of every register)
 * @param errors polls with an error or a bad value
 * @param seconds length of the measured phase
 * @param p50Micros median latency of one poll
 * @param p99Micros 99th percentile latency of one poll
 * @param serverCpuSeconds CPU time the server process used during the phase
 */
record PollFigures(
        long polls, long errors, double seconds, double p50Micros, double p99Micros, double serverCpuSeconds) {
    PollFigures {
        if (polls < 0 || errors < 0 || seconds <= 0) {
            throw new IllegalArgumentException(
                    "polls " + polls + ", errors " + errors + " and seconds " + seconds + " must be positive");
        }
    }

    static PollFigures of(long polls, long errors, double seconds, Histogram nanos, double serverCpuSeconds) {
        return new PollFigures(
                polls,
                errors,
                seconds,
                nanos.getValueAtPercentile(50) / 1e3,
                nanos.getValueAtPercentile(99) / 1e3,
                serverCpuSeconds);
    }

    double pollsPerSecond() {
        return polls / seconds;
    }

    /** The figures under keys that start with {@code prefix}. */
    Map<String, Object> toMap(String prefix) {
        var out = new LinkedHashMap<String, Object>();
        out.put(prefix + "_polls_per_s", round(pollsPerSecond()));
        out.put(prefix + "_p50_us", round(p50Micros));
        out.put(prefix + "_p99_us", round(p99Micros));
        out.put(prefix + "_errors", errors);
        out.put(prefix + "_server_cpu_s", round(serverCpuSeconds));
        return out;
    }

    static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
