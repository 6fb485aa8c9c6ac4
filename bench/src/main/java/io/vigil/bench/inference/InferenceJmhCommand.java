package io.vigil.bench.inference;

import io.vigil.bench.BenchRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench inference-jmh}: the inference benchmark under JMH (forked JVMs, warm-up and measurement
 * iterations, dead-code protection), for the same four models as {@code vigil bench inference}.
 */
@Command(
        name = "inference-jmh",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "The inference benchmark under JMH: the demo's pump autoencoder and a ~1.6M-parameter wide autoencoder,"
                    + " fp32 and int8, one thread and one ONNX Runtime intra-op thread, feature building included."
                    + " Throughput (windows/s) at batch 1, 16 and 256, then sampled batch-1 call times (p50, p99,"
                    + " p99.9). Each case runs in a forked JVM; the models are written once by this JVM.",
            "JMH's own report goes to stderr; with --json the figures are one JSON object on the last line of stdout."
        })
public final class InferenceJmhCommand extends BenchRun {
    @Option(names = "--forks", description = "Forked JVMs per case.", defaultValue = "1")
    int forks;

    @Option(names = "--warmup-iterations", description = "Warm-up iterations of 1 s per case.", defaultValue = "2")
    int warmupIterations;

    @Option(names = "--iterations", description = "Measured iterations of 1 s per case.", defaultValue = "3")
    int iterations;

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        Path dir = scratch();
        progress.println("bench inference-jmh: writing models (trains the demo's pump autoencoder)...");
        var packages = new LinkedHashMap<String, BenchModels.Bench>();
        for (BenchModels.Bench b : BenchModels.write(dir)) {
            packages.put(b.pkg().dir().toString(), b);
        }
        String[] dirs = packages.keySet().toArray(String[]::new);
        Collection<RunResult> throughput = run(base(dirs)
                .param("batch", "1", "16", "256")
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS));
        Collection<RunResult> latency =
                run(base(dirs).param("batch", "1").mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS));

        var models = new LinkedHashMap<String, Map<String, Object>>();
        packages.values().forEach(b -> {
            var figures = new LinkedHashMap<String, Object>();
            figures.put("parameters", b.parameters());
            figures.put("onnx_bytes", b.pkg().onnxFile().toFile().length());
            models.put(key(b), figures);
        });
        for (RunResult r : latency) {
            Map<String, Object> figures =
                    models.get(key(packages.get(r.getParams().getParam("packageDir"))));
            var stats = r.getPrimaryResult().getStatistics();
            figures.put("p50_us", round(stats.getPercentile(50)));
            figures.put("p99_us", round(stats.getPercentile(99)));
            figures.put("p999_us", round(stats.getPercentile(99.9)));
            figures.put("latency_samples", stats.getN());
        }
        for (RunResult r : throughput) {
            Map<String, Object> figures =
                    models.get(key(packages.get(r.getParams().getParam("packageDir"))));
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            double callsPerSecond = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            figures.put("windows_per_s_batch_" + batch, Math.round(callsPerSecond * batch));
            figures.put(
                    "windows_per_s_batch_" + batch + "_error", Double.isNaN(error) ? null : Math.round(error * batch));
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("bench", "inference-jmh");
        out.put("harness", "JMH 1.37");
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("forks", forks);
        out.put("warmup_iterations", warmupIterations);
        out.put("iterations", iterations);
        out.put("models", models);
        return out;
    }

    private ChainedOptionsBuilder base(String[] dirs) {
        return new OptionsBuilder()
                .include(InferenceJmh.class.getName() + ".scoreBatch")
                .param("packageDir", dirs)
                .forks(forks)
                .threads(1)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .output("/dev/stderr");
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    private static String key(BenchModels.Bench b) {
        return b.name() + "/" + b.precision().name().toLowerCase();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
