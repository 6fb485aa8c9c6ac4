package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.alert.AlertRule;
import io.vigil.model.window.ReadyWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs inference. Ready windows queue up from the agent's scheduler; the worker takes everything
 * queued, groups it by model and scores each group in one batched call, so a burst of windows from many assets costs
 * one inference run per model. Inference blocks for milliseconds, which is why it never runs on the scheduler or an
 * event loop.
 */
public final class ScoringWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringWorker.class);
    private static final ReadyWindow STOP = new ReadyWindow("stop", "stop", Instant.EPOCH, new double[0][]);

    private final Map<String, ModelScorer> scorers = new LinkedHashMap<>();
    private final Consumer<ScoredWindow> sink;
    private final BiConsumer<ReadyWindow, ModelManifest> normal;
    private final LinkedBlockingQueue<ReadyWindow> queue = new LinkedBlockingQueue<>();
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong anomalies = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;

    public ScoringWorker(List<ModelScorer> scorers, Consumer<ScoredWindow> sink) {
        this(scorers, sink, (window, serving) -> {});
    }

    /**
     * @param normal told of every window the serving version scored at or below its threshold, with that version's
     *     manifest (the agent's local training history keeps them for federated rounds)
     */
    public ScoringWorker(
            List<ModelScorer> scorers, Consumer<ScoredWindow> sink, BiConsumer<ReadyWindow, ModelManifest> normal) {
        scorers.forEach(s -> this.scorers.put(s.manifest().id(), s));
        this.sink = sink;
        this.normal = normal;
        this.thread = new Thread(this::run, "vigil-scoring");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void submit(ReadyWindow window) {
        queue.add(window);
    }

    public long windowsScored() {
        return scored.get();
    }

    public long anomalies() {
        return anomalies.get();
    }

    public long failures() {
        return failures.get();
    }

    private void run() {
        var batch = new ArrayList<ReadyWindow>();
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch);
                boolean stop = batch.remove(STOP);
                scoreAll(batch);
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scoreAll(List<ReadyWindow> windows) {
        var byModel = new LinkedHashMap<String, List<ReadyWindow>>();
        windows.forEach(
                w -> byModel.computeIfAbsent(w.model(), m -> new ArrayList<>()).add(w));
        byModel.forEach((model, group) -> {
            try {
                ModelScorer scorer = scorers.get(model);
                List<ScoredWindow> results = scorer.score(group);
                ModelManifest serving = scorer.manifest();
                for (int i = 0; i < results.size(); i++) {
                    ScoredWindow s = results.get(i);
                    scored.incrementAndGet();
                    s.event().ifPresent(e -> anomalies.incrementAndGet());
                    sink.accept(s);
                    if (!AlertRule.above(s.score().value(), serving.threshold())) {
                        normal.accept(group.get(i), serving);
                    }
                }
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.error("scoring {} windows with model {} failed: {}", group.size(), model, e.toString());
            }
        });
    }

    /** Scores what is queued, then stops the thread (waits up to 2 s). */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
