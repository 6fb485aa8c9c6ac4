package io.vigil.bench.inference;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Per-window latency and windows per second of ONNX Runtime scoring, feature building included.
 *
 * <p>Each measured call does what the agent's scoring thread does: {@link WindowEncoder} turns raw rows (normal pump
 * data, a different window each time) into standardized floats, then one {@link OnnxModel#score} call scores the batch.
 * One thread, ONNX Runtime with one intra-op thread: the figures are per core. Latency is the batch-1 call time in an
 * HdrHistogram; throughput runs back-to-back batches of 1, 16 and 256 windows. Every case is warmed up first.
 */
final class InferenceBench {
    static final int[] BATCHES = {1, 16, 256};

    private final Duration measure;
    private final Duration warmup;
    private final PrintStream progress;
    private final double[][] rows = BenchModels.pumpRows(4_000);

    InferenceBench(Duration measure, Duration warmup, PrintStream progress) {
        this.measure = measure;
        this.warmup = warmup;
        this.progress = progress;
    }

    Map<String, Object> run(Path dir) {
        var results = new LinkedHashMap<String, Object>();
        progress.println("bench inference: writing models (trains the demo's pump autoencoder)...");
        for (BenchModels.Bench b : BenchModels.write(dir)) {
            try (OnnxModel model = OnnxModel.load(b.pkg(), 1)) {
                var figures = new LinkedHashMap<String, Object>();
                figures.put("parameters", b.parameters());
                figures.put("features", model.manifest().featureCount());
                figures.put("onnx_bytes", b.pkg().onnxFile().toFile().length());
                latency(model, figures);
                for (int batch : BATCHES) {
                    figures.put("windows_per_s_batch_" + batch, Math.round(throughput(model, batch)));
                }
                String key = b.name() + "/" + b.precision().name().toLowerCase();
                progress.println("  " + key + " " + figures);
                results.put(key, figures);
            }
        }
        return results;
    }

    private void latency(OnnxModel model, Map<String, Object> figures) {
        ModelManifest m = model.manifest();
        float[] input = new float[m.featureCount()];
        var histogram = new Histogram(3);
        loop(model, input, 1, warmup, null);
        loop(model, input, 1, measure, histogram);
        figures.put("p50_us", micros(histogram.getValueAtPercentile(50)));
        figures.put("p99_us", micros(histogram.getValueAtPercentile(99)));
        figures.put("p999_us", micros(histogram.getValueAtPercentile(99.9)));
    }

    private double throughput(OnnxModel model, int batch) {
        float[] input = new float[batch * model.manifest().featureCount()];
        loop(model, input, batch, warmup, null);
        long start = System.nanoTime();
        long windows = loop(model, input, batch, measure, null);
        return windows / ((System.nanoTime() - start) / 1e9);
    }

    /** Encodes and scores batches until {@code d} has passed; returns the windows scored. */
    private long loop(OnnxModel model, float[] input, int batch, Duration d, Histogram histogram) {
        ModelManifest m = model.manifest();
        int window = m.windowLength();
        int features = m.featureCount();
        long end = System.nanoTime() + d.toNanos();
        long windows = 0;
        int from = 0;
        float sink = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                WindowEncoder.encode(rows, from, window, m.scaler(), input, i * features);
                from = (from + 1) % (rows.length - window);
            }
            sink += model.score(input, batch)[0];
            if (histogram != null) {
                histogram.recordValue(System.nanoTime() - t0);
            }
            windows += batch;
        }
        if (sink == Float.MIN_VALUE) {
            progress.println("unlikely: " + sink); // keeps the scores alive for the JIT
        }
        return windows;
    }

    static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    static List<String> keys() {
        return List.of("pump-ae/fp32", "pump-ae/int8", "wide-ae/fp32", "wide-ae/int8");
    }
}
