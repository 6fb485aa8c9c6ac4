package io.vigil.bench.protocol;

import io.vigil.adapters.opcua.OpcUaAdapter;
import io.vigil.adapters.sim.OpcUaLoadServer;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Subscribes Vigil's {@link OpcUaAdapter} to every variable of an {@link OpcUaLoadServer} (Milo, in this JVM) and
 * measures the time until the subscription is set up and until every item has delivered its first value, then the
 * sustained notifications per second, the changes lost (gaps in each variable's update counter) and the delivery
 * latency (receive time minus the server's source timestamp, one clock) over the measured duration.
 */
final class OpcUaSubscribeBench {
    private final int items;
    private final Duration period;
    private final Duration interval;
    private final Duration duration;
    private final int serverLimit;
    private final List<Integer> pipelines;
    private final boolean warmup;
    private final PrintStream progress;

    /**
     * @param pipelines the adapter's CreateMonitoredItems requests outstanding at once; with more than one, each is
     *     measured in turn against the same server and its figures are prefixed {@code pN_}
     */
    OpcUaSubscribeBench(
            int items,
            Duration period,
            Duration interval,
            Duration duration,
            int serverLimit,
            List<Integer> pipelines,
            boolean warmup,
            PrintStream progress) {
        this.warmup = warmup;
        this.items = items;
        this.pipelines = List.copyOf(pipelines);
        this.period = period;
        this.interval = interval;
        this.duration = duration;
        this.serverLimit = serverLimit;
        this.progress = progress;
    }

    Map<String, Object> run() throws Exception {
        var figures = new LinkedHashMap<String, Object>();
        figures.put("bench", "opcua-subscribe");
        figures.put("items", items);
        figures.put("server", "Eclipse Milo 1.1.2 OpcUaLoadServer in the same JVM, loopback, security None");
        figures.put("change_period_ms", period.toMillis());
        figures.put("sampling_and_publishing_interval_ms", interval.toMillis());
        figures.put("server_max_monitored_items_per_call", serverLimit);
        long start = System.nanoTime();
        try (var server = OpcUaLoadServer.start(items, period, serverLimit)) {
            figures.put("server_start_s", seconds(System.nanoTime() - start));
            progress.printf("Milo load server with %d variables at %s%n", items, server.endpointUrl());
            figures.put("pipelines", pipelines);
            if (warmup) {
                long w = System.nanoTime();
                subscribeAndMeasure(server, pipelines.get(0), new LinkedHashMap<>(), false);
                figures.put("warmup_s", seconds(System.nanoTime() - w));
            }
            for (int pipeline : pipelines) {
                String prefix = pipelines.size() == 1 ? "" : "p" + pipeline + "_";
                var measured = new LinkedHashMap<String, Object>();
                measured.put("pipeline", pipeline);
                subscribeAndMeasure(server, pipeline, measured, true);
                measured.forEach((key, value) -> figures.put(prefix + key, value));
            }
        }
        figures.put("jvm_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        return figures;
    }

    /** One adapter subscribes every item; {@code measure} false is the unmeasured warm-up (JIT, server caches). */
    private void subscribeAndMeasure(OpcUaLoadServer server, int pipeline, Map<String, Object> figures, boolean measure)
            throws Exception {
        var sink = new Sink(items);
        try (var adapter = new OpcUaAdapter(deviceSpec(server), Clock.systemUTC(), pipeline)) {
            long t0 = System.nanoTime();
            adapter.connect().toCompletableFuture().get(60, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            adapter.subscribe(sink::accept).toCompletableFuture().get(30, TimeUnit.MINUTES);
            long t2 = System.nanoTime();
            progress.printf(
                    "%spipeline %d: subscribed %d items in %.1f s%n",
                    measure ? "" : "warm-up, ", pipeline, items, seconds(t2 - t1));
            if (!measure) {
                return;
            }
            long firstDeadline = t2 + TimeUnit.MINUTES.toNanos(5);
            while (sink.itemsSeen() < items && System.nanoTime() < firstDeadline) {
                Thread.sleep(20);
            }
            long t3 = System.nanoTime();
            figures.put("connect_s", seconds(t1 - t0));
            figures.put("subscribe_s", seconds(t2 - t1));
            figures.put("items_per_s_subscribed", Math.round(items / seconds(t2 - t1)));
            figures.put("all_first_values_s", seconds(t3 - t1));
            figures.put("items_with_a_value", sink.itemsSeen());
            figures.put("bad_samples", sink.bad());
            figures.put("heap_used_mb_after_subscribe", heapUsedMb());
            progress.printf("measuring notifications for %s%n", duration);
            measure(server, sink, figures);
        }
    }

    private void measure(OpcUaLoadServer server, Sink sink, Map<String, Object> figures) throws InterruptedException {
        sink.startWindow();
        long updatesBefore = server.updates();
        long begin = System.nanoTime();
        Thread.sleep(duration.toMillis());
        long updates = server.updates() - updatesBefore;
        var window = sink.endWindow();
        double secs = seconds(System.nanoTime() - begin);
        figures.put("measured_s", secs);
        figures.put("server_changes_per_s", Math.round(updates / secs));
        figures.put("notifications_per_s", Math.round(window.notifications / secs));
        figures.put("lost_changes", window.lost);
        figures.put("latency_p50_ms", window.latency.getValueAtPercentile(50));
        figures.put("latency_p99_ms", window.latency.getValueAtPercentile(99));
        figures.put("latency_max_ms", window.latency.getMaxValue());
        figures.put("late_over_2s", window.late);
    }

    private DeviceSpec deviceSpec(OpcUaLoadServer server) {
        var tags = new ArrayList<TagSpec>(items);
        for (int i = 0; i < items; i++) {
            tags.add(new TagSpec("v" + i, server.nodeId(i), DataType.FLOAT64));
        }
        return new DeviceSpec("load", "load", Protocol.OPC_UA, server.endpointUrl(), interval, tags);
    }

    private static long heapUsedMb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    /** Counts what the adapter delivers; Milo delivers one publish response at a time, the lock is uncontended. */
    private static final class Sink {
        private final double[] last;
        private int seen;
        private long bad;
        private boolean inWindow;
        private Window window = new Window();

        Sink(int items) {
            this.last = new double[items];
            Arrays.fill(last, Double.NaN);
        }

        synchronized void accept(List<Sample> samples) {
            Instant now = Instant.now();
            for (Sample s : samples) {
                if (!s.isGood()) {
                    bad++;
                    continue;
                }
                int i = Integer.parseInt(s.tag(), 1, s.tag().length(), 10);
                double previous = last[i];
                if (Double.isNaN(previous)) {
                    seen++;
                } else if (inWindow && s.value() > previous + 1) {
                    window.lost += (long) (s.value() - previous - 1);
                }
                last[i] = s.value();
                if (inWindow) {
                    window.notifications++;
                    long ms = Math.max(0, Duration.between(s.time(), now).toMillis());
                    window.latency.recordValue(ms);
                    if (ms > 2_000) {
                        window.late++;
                    }
                }
            }
        }

        synchronized int itemsSeen() {
            return seen;
        }

        synchronized long bad() {
            return bad;
        }

        synchronized void startWindow() {
            window = new Window();
            inWindow = true;
        }

        synchronized Window endWindow() {
            inWindow = false;
            return window;
        }
    }

    private static final class Window {
        long notifications;
        long lost;
        long late;
        final Histogram latency = new Histogram(3);
    }
}
