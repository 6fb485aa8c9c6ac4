package io.vigil.bench.protocol;

import io.vigil.adapters.opcua.OpcUaAdapter;
import io.vigil.bench.BenchRun;
import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench opcua-subscribe}: subscribing many monitored items and the notification rate after. */
@Command(
        name = "opcua-subscribe",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Starts an Eclipse Milo server in this JVM with --items Double variables, each changing once per --period,"
                    + " and subscribes Vigil's OpcUaAdapter to all of them (monitored items created in batches of"
                    + " min(1000, the server's MaxMonitoredItemsPerCall), --pipeline requests at a time). Reports the time to"
                    + " subscribe, the time until every item has delivered a value, then over --duration the"
                    + " notifications/s, lost changes (gaps in each variable's update counter) and delivery latency.",
            "Give the JVM heap for large runs (VIGIL_JAVA_OPTS=-Xmx2g). Progress goes to stderr; with --json the"
                    + " figures are one JSON object on the last line of stdout."
        })
public final class OpcUaSubscribeBenchCommand extends BenchRun {
    @Option(names = "--items", description = "Variables on the server, all subscribed.", defaultValue = "100000")
    int items;

    @Option(
            names = "--period",
            description = "Each variable changes once per period (updates spread evenly over it).",
            defaultValue = "1s",
            converter = DurationConverter.class)
    Duration period;

    @Option(
            names = "--interval",
            description = "The adapter's sampling and publishing interval (the device's interval).",
            defaultValue = "500ms",
            converter = DurationConverter.class)
    Duration interval;

    @Option(
            names = "--duration",
            description = "Measured time for the notification rate.",
            defaultValue = "20s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(
            names = "--server-limit",
            description = "The server's MaxMonitoredItemsPerCall operation limit (Milo's default is 10000).",
            defaultValue = "10000")
    int serverLimit;

    @Option(
            names = "--pipeline",
            split = ",",
            description = "CreateMonitoredItems requests outstanding at once (1-16; 1 = one after the other). A list"
                    + " (1,4) measures each in turn against the same server, figures prefixed pN_.",
            defaultValue = "4")
    List<Integer> pipelines;

    @Option(
            names = "--warmup",
            negatable = true,
            description = "Subscribe every item once, unmeasured, before the measured runs (with the first --pipeline"
                    + " value), so the first measured run does not pay for JIT compilation and the server's first"
                    + " subscription alone.",
            defaultValue = "true",
            fallbackValue = "true")
    boolean warmup;

    @Override
    protected void check() {
        if (items < 1 || items > 1_000_000) {
            throw new UsageException("--items " + items + " must be in 1..1000000");
        }
        if (serverLimit < 1 || duration.toMillis() < 1000 || period.toMillis() < 10 || interval.toMillis() < 10) {
            throw new UsageException("--server-limit " + serverLimit + " must be positive, --duration " + duration
                    + " at least 1s, --period " + period + " and --interval " + interval + " at least 10ms");
        }
        if (pipelines.stream().anyMatch(p -> p < 1 || p > OpcUaAdapter.MAX_SUBSCRIBE_PIPELINE)) {
            throw new UsageException(
                    "--pipeline " + pipelines + ": each must be in 1.." + OpcUaAdapter.MAX_SUBSCRIBE_PIPELINE);
        }
    }

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        return new OpcUaSubscribeBench(items, period, interval, duration, serverLimit, pipelines, warmup, progress)
                .run();
    }
}
