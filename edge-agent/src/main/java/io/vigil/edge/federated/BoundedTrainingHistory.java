package io.vigil.edge.federated;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TrainingHistory} in memory, bounded per model by a number of windows and an age: the oldest window goes
 * first when either bound is passed. Windows overlap (a stride shorter than the window), so the bound in memory is
 * {@code maxWindows x rows x tags} doubles per model, which is why the default is modest. Thread-safe: the scoring
 * thread records, the participant's thread reads.
 */
public final class BoundedTrainingHistory implements TrainingHistory {
    private record Kept(Instant at, double[][] rows) {}

    private final int maxWindows;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, ArrayDeque<Kept>> byModel = new ConcurrentHashMap<>();

    /**
     * @param maxWindows windows kept per model, {@code >= 1}
     * @param maxAge a window older than this is dropped, positive
     */
    public BoundedTrainingHistory(int maxWindows, Duration maxAge, Clock clock) {
        if (maxWindows < 1) {
            throw new IllegalArgumentException("training history: maxWindows " + maxWindows + " must be >= 1");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("training history: maxAge " + maxAge + " must be positive");
        }
        this.maxWindows = maxWindows;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void record(String model, double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
        }
        ArrayDeque<Kept> kept = byModel.computeIfAbsent(model, m -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addLast(new Kept(clock.instant(), copy));
            trim(kept);
        }
    }

    @Override
    public List<double[][]> windows(String model) {
        ArrayDeque<Kept> kept = byModel.get(model);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            trim(kept);
            var list = new ArrayList<double[][]>(kept.size());
            kept.forEach(k -> list.add(k.rows()));
            return list;
        }
    }

    private void trim(ArrayDeque<Kept> kept) {
        Instant oldest = clock.instant().minus(maxAge);
        while (kept.size() > maxWindows
                || (!kept.isEmpty() && kept.peekFirst().at().isBefore(oldest))) {
            kept.removeFirst();
        }
    }
}
