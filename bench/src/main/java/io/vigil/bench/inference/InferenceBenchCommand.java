package io.vigil.bench.inference;

import io.vigil.bench.BenchRun;
import io.vigil.core.cli.DurationConverter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench inference}: per-window latency and windows/s per core, fp32 and int8, two model sizes. */
@Command(
        name = "inference",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Scores windows of normal pump data with ONNX Runtime (one thread, one intra-op thread), feature building"
                    + " included, for the demo's pump autoencoder and a ~1.6M-parameter wide autoencoder, each in"
                    + " fp32 and int8: batch-1 latency p50/p99/p99.9 and windows/s at batch 1, 16 and 256.",
            "Progress goes to stderr; with --json the figures are one JSON object on the last line of stdout."
        })
public final class InferenceBenchCommand extends BenchRun {
    @Option(
            names = "--duration",
            description = "Measuring time of each case (4 models x 4 cases).",
            defaultValue = "3s",
            converter = DurationConverter.class)
    Duration duration;

    @Option(
            names = "--warmup",
            description = "Warm-up time before each case.",
            defaultValue = "1s",
            converter = DurationConverter.class)
    Duration warmup;

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        var figures = new LinkedHashMap<String, Object>();
        figures.put("bench", "inference");
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        figures.put("duration_s", duration.toMillis() / 1000.0);
        figures.put("models", new InferenceBench(duration, warmup, progress).run(scratch()));
        return figures;
    }
}
