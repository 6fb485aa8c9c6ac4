package io.vigil.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop both trainers share: per epoch, shuffle the examples with the trainer's seeded random, take Adam
 * steps over mini-batches in that order, and report the epoch's mean loss. What an example is (a window offset in a
 * series, a row index) and what a step does belong to the trainer.
 *
 * <p>The shuffle draws from the caller's {@link SplittableRandom} and nothing else does during the loop, so a seed
 * still reproduces a model byte for byte.
 */
final class EpochLoop {
    /** One Adam step over {@code order[from .. from + count)}; returns the batch's mean loss. */
    @FunctionalInterface
    interface Step {
        double run(int[] order, int from, int count, float rate);
    }

    /** The step size of an epoch (1-based). */
    @FunctionalInterface
    interface Schedule {
        float rate(int epoch);
    }

    private EpochLoop() {}

    /**
     * Runs {@code epochs} passes over {@code examples}, {@code batch} at a time.
     *
     * @param examples the examples in their initial order; shuffled in place
     * @return the mean loss of each epoch, first epoch first
     */
    static List<Double> run(
            int[] examples,
            int batch,
            int epochs,
            SplittableRandom random,
            Schedule schedule,
            Step step,
            TrainingListener listener) {
        int size = Math.min(batch, examples.length);
        List<Double> losses = new ArrayList<>(epochs);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(examples, random);
            float rate = schedule.rate(epoch);
            double sum = 0;
            int steps = 0;
            for (int from = 0; from < examples.length; from += size) {
                sum += step.run(examples, from, Math.min(size, examples.length - from), rate);
                steps++;
            }
            double loss = sum / steps;
            losses.add(loss);
            listener.epochDone(epoch, epochs, loss);
        }
        return losses;
    }

    /** {@code 0, step, 2 step, ...}: the offsets of {@code count} examples {@code step} floats apart. */
    static int[] offsets(int count, int step) {
        int[] offsets = new int[count];
        for (int k = 0; k < count; k++) {
            offsets[k] = k * step;
        }
        return offsets;
    }

    /** Fisher-Yates, drawing from {@code random} only. */
    static void shuffle(int[] values, SplittableRandom random) {
        for (int k = values.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = values[k];
            values[k] = values[j];
            values[j] = t;
        }
    }
}
