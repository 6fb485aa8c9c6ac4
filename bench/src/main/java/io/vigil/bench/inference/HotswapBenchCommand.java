package io.vigil.bench.inference;

import io.vigil.bench.BenchRun;
import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench hotswap}: scoring latency with a model swap every 10 ms against none; dropped/duplicated. */
@Command(
        name = "hotswap",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Scores windows of the demo's pump autoencoder through the agent's scoring worker at a steady rate, first"
                    + " with no swap, then while the model is reloaded from its package and swapped in every"
                    + " --swap-every, then swapping every --swap-every between two versions loaded beforehand (the"
                    + " switch without the CPU of session creation); counts every window's scores (dropped,"
                    + " duplicated) and compares latency p99.",
            "Progress goes to stderr; with --json the figures are one JSON object on the last line of stdout."
        })
public final class HotswapBenchCommand extends BenchRun {
    @Option(
            names = "--duration",
            description =
                    "Length of each phase (warm-up, no swap, swap loading each version, swap between preloaded versions).",
            defaultValue = "10s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--burst", description = "Windows submitted every millisecond (16 assets).", defaultValue = "16")
    int burst;

    @Option(
            names = "--swap-every",
            description = "Interval between the start of two swaps (a swap that takes longer delays the next).",
            defaultValue = "10ms",
            converter = DurationConverter.class)
    Duration swapEvery;

    @Override
    protected void check() {
        if (burst < 1 || burst > 1000 || duration.toMillis() < 1000 || duration.toMillis() * burst > 50_000_000L) {
            throw new UsageException("--burst " + burst + " must be in 1..1000 and --duration " + duration
                    + " at least 1s, with at most 50,000,000 windows per phase");
        }
    }

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        return new HotswapBench(duration, burst, swapEvery, progress).run(scratch());
    }
}
