package io.vigil.model.train;

import io.vigil.model.onnx.Activation;
import io.vigil.model.onnx.Dense;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an ensemble of dense regressors in pure Java: float32, mean squared error, Adam with a cosine-decayed step
 * size, shuffled mini-batches.
 *
 * <p>Hidden layers use ReLU, the output is linear. Each member starts from its own seed ({@code seed + member}) and
 * sees its own shuffling, so the members make different errors and their mean is better than any one of them; members
 * train in parallel on up to {@link Config#threads()} threads and, because each member's arithmetic is sequential and
 * seeded, the result does not depend on the thread count.
 *
 * <p>The cosine decay (from {@code learningRate} at the first epoch to 5 % of it at the last) lets the early epochs
 * move fast and the last ones settle, which on small tabular data is worth more than extra epochs at a fixed rate.
 */
public final class RegressorTrainer {
    private static final double FINAL_RATE_SHARE = 0.05;

    private final Config config;
    private final TrainingListener listener;

    public RegressorTrainer(Config config, TrainingListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * How to train.
     *
     * @param hiddenSizes widths of the hidden layers, input side first
     * @param epochs passes over all rows, per member
     * @param batchSize rows per Adam step
     * @param learningRate Adam step size at the first epoch
     * @param members networks in the ensemble
     * @param seed seed of member 0; member {@code m} uses {@code seed + m}
     * @param threads members trained at the same time
     */
    public record Config(
            List<Integer> hiddenSizes,
            int epochs,
            int batchSize,
            double learningRate,
            int members,
            long seed,
            int threads) {
        public Config {
            hiddenSizes = List.copyOf(hiddenSizes);
            if (hiddenSizes.stream().anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("hiddenSizes " + hiddenSizes + " must be positive");
            }
            if (epochs < 1 || batchSize < 1 || members < 1 || threads < 1) {
                throw new IllegalArgumentException("epochs " + epochs + ", batchSize " + batchSize + ", members "
                        + members + " and threads " + threads + " must be >= 1");
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learningRate " + learningRate + " not in (0, 1)");
            }
        }
    }

    /**
     * Fits the ensemble.
     *
     * @param inputs {@code rows} rows of {@code width} floats, back to back
     * @param targets one target per row
     * @param width floats per row
     */
    public Regressor fit(float[] inputs, float[] targets, int width) {
        int rows = targets.length;
        if (rows < 1 || width < 1 || inputs.length != rows * width) {
            throw new IllegalArgumentException(
                    inputs.length + " input floats do not make " + rows + " rows of " + width + " (one per target)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.threads(), config.members()));
        try {
            List<Future<List<Dense>>> futures = new ArrayList<>();
            for (int m = 0; m < config.members(); m++) {
                int member = m;
                futures.add(pool.submit(() -> fitMember(member, inputs, targets, width)));
            }
            List<List<Dense>> members = new ArrayList<>();
            for (Future<List<Dense>> f : futures) {
                members.add(f.get());
            }
            return new Regressor(members);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "training a regressor failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Dense> fitMember(int member, float[] inputs, float[] targets, int width) {
        int rows = targets.length;
        SplittableRandom random = new SplittableRandom(config.seed() + member);
        int batch = Math.min(config.batchSize(), rows);
        Mlp mlp = new Mlp(sizes(width), activations(), batch, random);
        int[] order = EpochLoop.offsets(rows, 1);
        EpochLoop.run(
                order,
                batch,
                config.epochs(),
                random,
                this::rate,
                (o, from, count, rate) -> mlp.trainStep(inputs, targets, o, from, count, rate),
                member == 0 ? listener : TrainingListener.NONE);
        return mlp.snapshot();
    }

    private float rate(int epoch) {
        double progress = config.epochs() == 1 ? 0 : (epoch - 1) / (double) (config.epochs() - 1);
        double share = FINAL_RATE_SHARE + (1 - FINAL_RATE_SHARE) * 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (config.learningRate() * share);
    }

    private int[] sizes(int width) {
        int[] sizes = new int[config.hiddenSizes().size() + 2];
        sizes[0] = width;
        for (int h = 0; h < config.hiddenSizes().size(); h++) {
            sizes[h + 1] = config.hiddenSizes().get(h);
        }
        sizes[sizes.length - 1] = 1;
        return sizes;
    }

    private Activation[] activations() {
        Activation[] activations = new Activation[config.hiddenSizes().size() + 1];
        Arrays.fill(activations, Activation.RELU);
        activations[activations.length - 1] = Activation.IDENTITY;
        return activations;
    }
}
