package io.vigil.bench.inference;

import io.vigil.core.model.ModelManifest;
import io.vigil.edge.score.ModelScorer;
import io.vigil.edge.score.ModelSlot;
import io.vigil.edge.score.OnnxWindowModel;
import io.vigil.edge.score.ScoredWindow;
import io.vigil.edge.score.ScoringWorker;
import io.vigil.edge.score.SwapEvent;
import io.vigil.edge.score.WindowModel;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.window.ReadyWindow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Scoring through the agent's own path ({@link ScoringWorker} → {@link ModelScorer} → {@link ModelSlot} → ONNX
 * Runtime) at a steady rate, once without swaps, once while a new version is loaded from its package and swapped in
 * every 10 ms, and once swapping every 10 ms between two versions loaded beforehand (see {@link Swaps}). Each window carries an id; the sink counts scores per id, so a dropped or twice-scored window shows.
 * Latency is submit → score delivered, per window, in an HdrHistogram.
 */
final class HotswapBench {
    private final Duration phase;
    private final int burst;
    private final Duration swapEvery;
    private final PrintStream progress;

    HotswapBench(Duration phase, int burst, Duration swapEvery, PrintStream progress) {
        this.phase = phase;
        this.burst = burst;
        this.swapEvery = swapEvery;
        this.progress = progress;
    }

    Map<String, Object> run(Path dir) {
        progress.println("bench hotswap: training the demo's pump autoencoder...");
        var trained = BenchModels.trainPump();
        Path pkg = dir.resolve("pump");
        ModelPackage.write(pkg, trained.manifest(), trained.onnx());
        double[][] rows = BenchModels.pumpRows(4_000);
        var figures = new LinkedHashMap<String, Object>();
        figures.put("bench", "hotswap");
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        figures.put("windows_per_s_offered", burst * 1000);
        phase(pkg, rows, Swaps.NONE); // warm-up: JIT and ONNX Runtime
        Map<String, Object> still = phase(pkg, rows, Swaps.NONE);
        Map<String, Object> swapping = phase(pkg, rows, Swaps.LOAD_EACH);
        Map<String, Object> preloaded = phase(pkg, rows, Swaps.PRELOADED);
        figures.put("no_swap", still);
        figures.put("swap", swapping);
        figures.put("swap_preloaded", preloaded);
        figures.put(
                "p99_ratio_preloaded",
                Math.round((double) preloaded.get("p99_us") / (double) still.get("p99_us") * 1000) / 1000.0);
        figures.put("dropped", swapping.get("dropped"));
        figures.put("duplicated", swapping.get("duplicated"));
        figures.put(
                "p99_ratio",
                Math.round((double) swapping.get("p99_us") / (double) still.get("p99_us") * 1000) / 1000.0);
        figures.put("swap_pause_max_us", swapping.get("switch_max_us"));
        return figures;
    }

    /**
     * How a phase swaps: not at all; loading a new ONNX Runtime session from the package for every swap (what an
     * operator's push costs); or alternating between two sessions loaded beforehand, which isolates the switch itself
     * from the CPU that session creation takes.
     */
    enum Swaps {
        NONE,
        LOAD_EACH,
        PRELOADED
    }

    /** A loaded version shared between swaps: closing it is left to the benchmark. */
    private record Shared(WindowModel model) implements WindowModel {
        @Override
        public ModelManifest manifest() {
            return model.manifest();
        }

        @Override
        public float[] score(float[] windows, int batch) {
            return model.score(windows, batch);
        }

        @Override
        public void close() {}
    }

    private Map<String, Object> phase(Path pkg, double[][] rows, Swaps swaps) {
        int window = BenchModels.PUMP_WINDOW;
        int total = (int) (phase.toMillis() * burst);
        long[] submitted = new long[total];
        int[] counts = new int[total];
        var latency = new Histogram(3);
        var events = new CopyOnWriteArrayList<SwapEvent>();
        var slot = new ModelSlot(OnnxWindowModel.load(pkg, 1), Clock.systemUTC(), events::add);
        var worker = new ScoringWorker(List.of(new ModelScorer(slot)), (ScoredWindow s) -> {
            int id = (int) s.score().time().getNano();
            counts[id]++;
            latency.recordValue(System.nanoTime() - submitted[id]);
        });
        ExecutorService loader = Executors.newSingleThreadExecutor();
        var loadNanos = new Histogram(3);
        List<WindowModel> pool = swaps == Swaps.PRELOADED
                ? List.of(OnnxWindowModel.load(pkg, 1), OnnxWindowModel.load(pkg, 1))
                : List.of();
        Thread swapper = swaps == Swaps.NONE ? null : swapper(slot, pkg, pool, loader, loadNanos);
        long next = System.nanoTime();
        int id = 0;
        while (id < total) {
            for (int i = 0; i < burst && id < total; i++, id++) {
                int from = id % (rows.length - window);
                var w = new ReadyWindow(
                        "pump-" + (id % 16),
                        "pump-ae",
                        Instant.ofEpochSecond(0, id),
                        Arrays.copyOfRange(rows, from, from + window));
                submitted[id] = System.nanoTime();
                worker.submit(w);
            }
            next += 1_000_000;
            LockSupport.parkNanos(next - System.nanoTime());
        }
        if (swapper != null) {
            swapper.interrupt();
            join(swapper);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (worker.windowsScored() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        worker.close();
        loader.shutdown();
        slot.close();
        pool.forEach(WindowModel::close);
        return figures(counts, latency, events, loadNanos, worker.failures());
    }

    private Thread swapper(
            ModelSlot slot, Path pkg, List<WindowModel> pool, ExecutorService loader, Histogram loadNanos) {
        Thread t = new Thread(
                () -> {
                    long next = System.nanoTime();
                    int n = 0;
                    while (!Thread.currentThread().isInterrupted()) {
                        long t0 = System.nanoTime();
                        WindowModel preloaded = pool.isEmpty() ? null : new Shared(pool.get(n++ % pool.size()));
                        slot.swap(() -> preloaded != null ? preloaded : OnnxWindowModel.load(pkg, 1), loader)
                                .toCompletableFuture()
                                .join();
                        loadNanos.recordValue(System.nanoTime() - t0);
                        next = Math.max(next + swapEvery.toNanos(), System.nanoTime());
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                },
                "bench-swapper");
        t.start();
        return t;
    }

    private static Map<String, Object> figures(
            int[] counts, Histogram latency, List<SwapEvent> events, Histogram loadNanos, long failures) {
        long dropped = Arrays.stream(counts).filter(c -> c == 0).count();
        long duplicated =
                Arrays.stream(counts).filter(c -> c > 1).mapToLong(c -> c - 1).sum();
        var f = new LinkedHashMap<String, Object>();
        f.put("windows", counts.length);
        f.put("scored", Arrays.stream(counts).asLongStream().sum());
        f.put("dropped", dropped);
        f.put("duplicated", duplicated);
        f.put("failures", failures);
        f.put("p50_us", InferenceBench.micros(latency.getValueAtPercentile(50)));
        f.put("p99_us", InferenceBench.micros(latency.getValueAtPercentile(99)));
        f.put("max_us", InferenceBench.micros(latency.getMaxValue()));
        f.put("swaps", events.stream().filter(SwapEvent::accepted).count());
        f.put("rejected", events.stream().filter(e -> !e.accepted()).count());
        f.put(
                "switch_max_us",
                InferenceBench.micros(
                        events.stream().mapToLong(SwapEvent::switchNanos).max().orElse(0)));
        f.put("load_and_swap_p50_ms", loadNanos.getTotalCount() == 0 ? 0 : loadNanos.getValueAtPercentile(50) / 1e6);
        return f;
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
