package io.vigil.edge.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.pkg.ModelLoadException;
import io.vigil.model.window.ReadyWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ModelSlotTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    /** Scores the mean of its inputs and fails loudly if it is ever used after close. */
    static class Version implements WindowModel {
        final ModelManifest manifest;
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger inFlight = new AtomicInteger();

        Version(ModelManifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public ModelManifest manifest() {
            return manifest;
        }

        @Override
        public float[] score(float[] windows, int batch) {
            inFlight.incrementAndGet();
            try {
                if (closed.get()) {
                    throw new IllegalStateException("model " + manifest.ref() + " scored after close");
                }
                float[] out = new float[batch];
                int n = manifest.featureCount();
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < n; i++) {
                        out[b] += windows[b * n + i] / n;
                    }
                }
                return out;
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void close() {
            if (inFlight.get() != 0) {
                throw new IllegalStateException("model " + manifest.ref() + " closed under a running batch");
            }
            if (!closed.compareAndSet(false, true)) {
                throw new IllegalStateException("model " + manifest.ref() + " closed twice");
            }
        }
    }

    static ModelManifest manifest(String version, int windowLength) {
        return new ModelManifest(
                "pump-ae",
                version,
                "anomaly",
                List.of("flow"),
                windowLength,
                1,
                new Scaler(new double[] {0}, new double[] {1}),
                1.0,
                "in",
                "out",
                "0".repeat(64),
                "");
    }

    static ReadyWindow window(String asset, long id) {
        return new ReadyWindow(asset, "pump-ae", T0.plusNanos(id * 1000), new double[][] {{1}, {2}});
    }

    @Test
    void scoresEveryWindowExactlyOnceWhileSwappingEveryTenMilliseconds() throws Exception {
        var versions = new CopyOnWriteArrayList<Version>();
        var first = new Version(manifest("1.0.0", 2));
        versions.add(first);
        var events = new CopyOnWriteArrayList<SwapEvent>();
        var slot = new ModelSlot(first, CLOCK, events::add);
        Map<Instant, AtomicInteger> out = new ConcurrentHashMap<>();
        var worker = new ScoringWorker(List.of(new ModelScorer(slot)), s -> out.computeIfAbsent(
                        s.score().time(), t -> new AtomicInteger())
                .incrementAndGet());
        var loader = Executors.newSingleThreadExecutor();
        var swapper = Executors.newSingleThreadScheduledExecutor();
        var next = new AtomicInteger(1);
        swapper.scheduleAtFixedRate(
                () -> slot.swap(
                                () -> {
                                    var v = new Version(manifest("1.0." + next.getAndIncrement(), 2));
                                    versions.add(v);
                                    return v;
                                },
                                loader)
                        .toCompletableFuture()
                        .join(),
                10,
                10,
                TimeUnit.MILLISECONDS);

        int windows = 0;
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 200; i++, windows++) {
                worker.submit(window("pump-" + (windows % 7), windows));
            }
            Thread.sleep(1);
        }
        swapper.shutdown();
        assertThat(swapper.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        loader.shutdown();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (worker.windowsScored() < windows && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        worker.close();

        assertThat(worker.failures()).isZero();
        assertThat(events).allMatch(SwapEvent::accepted).hasSizeGreaterThan(50);
        assertThat(out).hasSize(windows);
        assertThat(out.values()).allMatch(n -> n.get() == 1);
        // every replaced version was closed exactly once (Version.close throws otherwise), the last one still serves
        assertThat(versions.subList(0, versions.size() - 1)).allMatch(v -> v.closed.get());
        assertThat(versions.get(versions.size() - 1).closed).isFalse();
        assertThat(slot.manifest().version()).isEqualTo("1.0." + (versions.size() - 1));
    }

    @Test
    void rejectsAVersionWithAnotherWindowLengthAndKeepsServing() {
        var first = new Version(manifest("1.0.0", 2));
        var events = new ArrayList<SwapEvent>();
        var slot = new ModelSlot(first, CLOCK, events::add);
        var misfit = new Version(manifest("2.0.0", 3));

        assertThatThrownBy(() -> slot.install(misfit))
                .isInstanceOf(ModelSwapException.class)
                .hasMessageContaining("windowLength is 3 but the serving version has 2")
                .hasMessageContaining("1.0.0 keeps serving");

        assertThat(misfit.closed).isTrue();
        assertThat(slot.manifest().version()).isEqualTo("1.0.0");
        assertThat(new ModelScorer(slot).score(List.of(window("pump-1", 1))))
                .extracting(s -> s.score().value())
                .containsExactly(1.5);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.accepted()).isFalse();
            assertThat(e.from()).isEqualTo("1.0.0");
            assertThat(e.to()).isEqualTo("2.0.0");
            assertThat(e.reason()).contains("windowLength");
        });
    }

    @Test
    void aLoaderFailureIsRejectedWithItsMessage() {
        var first = new Version(manifest("1.0.0", 2));
        var events = new ArrayList<SwapEvent>();
        var slot = new ModelSlot(first, CLOCK, events::add);

        var stage = slot.swap(
                () -> {
                    throw new ModelLoadException("model.onnx sha256 is abc but manifest.json says def");
                },
                Runnable::run);

        assertThatThrownBy(() -> stage.toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ModelSwapException.class)
                .hasMessageContaining("sha256 is abc but manifest.json says def");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.reason()).contains("sha256"));
        assertThat(slot.manifest().version()).isEqualTo("1.0.0");
        assertThat(first.closed).isFalse();
    }

    @Test
    void aBatchStartedBeforeASwapFinishesOnTheOldVersionWhichClosesAfterIt() {
        var first = new Version(manifest("1.0.0", 2));
        var slot = new ModelSlot(first, CLOCK, e -> {});
        var second = new Version(manifest("1.0.1", 2));

        ScoredBatch batch = slot.scoreBatch(1, m -> {
            slot.install(second); // the swap lands while this batch holds its lease
            assertThat(first.closed).isFalse();
            return new float[] {4, 6};
        });

        assertThat(batch.manifest().version()).isEqualTo("1.0.0");
        assertThat(batch.scores()).containsExactly(5f);
        assertThat(first.closed).isTrue();
        assertThat(slot.manifest().version()).isEqualTo("1.0.1");
    }
}
