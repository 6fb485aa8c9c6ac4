package io.vigil.model.train;

import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Reference;
import io.vigil.core.model.Scaler;
import io.vigil.model.onnx.Activation;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.onnx.WindowCentering;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a dense autoencoder on normal data in pure Java and packages it for ONNX Runtime.
 *
 * <p><b>Network.</b> {@code F -> 32 -> 8 -> 32 -> F} by default ({@code F = windowLength * tags}), tanh after every
 * hidden layer, linear output. Tanh rather than ReLU because the inputs are standardized (mostly within ±3) and the
 * data sets are small: a smooth, bounded activation cannot leave units dead after an unlucky step, which ReLU can do
 * in an 8-wide bottleneck; the output is linear because standardized values are not bounded. The narrow bottleneck
 * forces the network to learn the correlations between tags and over time, so a window that breaks them reconstructs
 * badly.
 *
 * <p><b>Optimisation.</b> Mean squared reconstruction error, Adam, shuffled mini-batches, Glorot-uniform initial
 * weights. All randomness comes from one {@link SplittableRandom} seeded by {@link Config#seed()}, and all sums run in a
 * fixed order, so a seed reproduces the same {@code model.onnx} byte for byte.
 *
 * <p><b>Threshold.</b> {@link ThresholdRule}: {@code threshold = margin * quantile(q)} of the scores of all training
 * windows, by nearest rank (defaults q = 0.995, margin = 1.5), floored at {@code 1e-6}, written to the manifest with
 * its {@link Calibration}. The quantile admits that "normal" data holds a few
 * odd windows; the margin keeps ordinary day-to-day drift below the line. Raise the margin to trade sensitivity for
 * fewer false alarms.
 *
 * <p><b>Windows.</b> The series is encoded once by {@link WindowEncoder} into one flat array; window {@code i} is then
 * the {@code F} floats starting at {@code i * tags}, so training uses every window (stride 1) without copying them.
 */
public final class AutoencoderTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(AutoencoderTrainer.class);
    private static final double MIN_SCALE = 1e-9;

    private final Config config;
    private final TrainingListener listener;

    public AutoencoderTrainer(Config config) {
        this(config, TrainingListener.NONE);
    }

    public AutoencoderTrainer(Config config, TrainingListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * How to train.
     *
     * @param hiddenSizes widths of the hidden layers, input side first ({@code [32, 8, 32]})
     * @param epochs passes over all windows
     * @param batchSize windows per Adam step
     * @param learningRate Adam step size
     * @param seed seeds weights and shuffling
     * @param thresholdQuantile quantile of training scores the threshold starts from, in (0, 1]
     * @param thresholdMargin factor applied to that quantile, at least 1
     * @param centeredTags input tags whose mean over each window is removed before the network sees it (slow, drifting
     *     signals such as temperatures; see {@link WindowCentering}); empty for none
     */
    public record Config(
            List<Integer> hiddenSizes,
            int epochs,
            int batchSize,
            double learningRate,
            long seed,
            double thresholdQuantile,
            double thresholdMargin,
            List<String> centeredTags) {
        public Config {
            hiddenSizes = List.copyOf(hiddenSizes);
            centeredTags = List.copyOf(centeredTags);
            if (hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("hiddenSizes " + hiddenSizes + " must be non-empty and positive");
            }
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException(
                        "epochs " + epochs + " and batchSize " + batchSize + " must be >= 1");
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learningRate " + learningRate + " not in (0, 1)");
            }
            if (!(thresholdQuantile > 0 && thresholdQuantile <= 1)) {
                throw new IllegalArgumentException("thresholdQuantile " + thresholdQuantile + " not in (0, 1]");
            }
            if (!(thresholdMargin >= 1 && Double.isFinite(thresholdMargin))) {
                throw new IllegalArgumentException("thresholdMargin " + thresholdMargin + " must be >= 1");
            }
        }

        /** {@code [32, 8, 32]}, 30 epochs, batches of 64, learning rate 0.003, seed 42, 1.5 x p99.5. */
        public static Config defaults() {
            return new Config(List.of(32, 8, 32), 30, 64, 0.003, 42L, 0.995, 1.5, List.of());
        }

        public Config withEpochs(int newEpochs) {
            return new Config(
                    hiddenSizes,
                    newEpochs,
                    batchSize,
                    learningRate,
                    seed,
                    thresholdQuantile,
                    thresholdMargin,
                    centeredTags);
        }

        public Config withSeed(long newSeed) {
            return new Config(
                    hiddenSizes,
                    epochs,
                    batchSize,
                    learningRate,
                    newSeed,
                    thresholdQuantile,
                    thresholdMargin,
                    centeredTags);
        }
    }

    /**
     * Trains on {@code req}, writes the package to {@code outDir} and checks that ONNX Runtime scores the written graph
     * like the Java network did.
     *
     * @throws IllegalStateException if the exported graph disagrees with the trained network (an exporter bug)
     */
    public ModelPackage train(TrainRequest req, Path outDir) {
        TrainedModel trained = fit(req);
        ModelPackage pkg = ModelPackage.write(outDir, trained.manifest(), trained.onnx());
        crossCheck(pkg, trained, req);
        LOG.info(
                "model {} written to {} (threshold {})",
                pkg.manifest().ref(),
                outDir,
                pkg.manifest().threshold());
        return pkg;
    }

    /** Trains on {@code req} in memory: scaler, network, threshold, ONNX bytes and manifest. */
    public TrainedModel fit(TrainRequest req) {
        long started = System.nanoTime();
        Scaler scaler = fitScaler(req.rows());
        int tags = req.inputTags().size();
        float[] series = new float[req.rows().length * tags];
        WindowEncoder.encode(req.rows(), 0, req.rows().length, scaler, series, 0);
        int features = req.windowLength() * tags;
        int windows = req.windowCount();
        WindowCentering centering = centering(req);
        float[] trainingSet = centering.active() ? centeredWindows(series, windows, centering) : series;
        int step = centering.active() ? features : tags;
        SplittableRandom random = new SplittableRandom(config.seed());
        Mlp mlp = new Mlp(sizes(features), activations(), Math.min(config.batchSize(), windows), random);
        List<Double> losses = runEpochs(req, mlp, trainingSet, windows, step, random);
        Autoencoder network = new Autoencoder(mlp.snapshot(), centering.active() ? centering : null);
        float[] scores = scoreAll(network, series, windows, tags);
        Calibration calibration =
                new ThresholdRule(config.thresholdQuantile(), config.thresholdMargin()).calibrate(scores, 1);
        double threshold = calibration.threshold();
        String summary = summary(req, windows, losses, threshold);
        byte[] onnx = OnnxGraphWriter.autoencoder(
                network.layers(),
                network.centering(),
                OnnxGraphWriter.DEFAULT_INPUT,
                OnnxGraphWriter.DEFAULT_OUTPUT,
                metadata(req, summary),
                Precision.FP32);
        ModelManifest manifest = new ModelManifest(
                        req.id(),
                        req.version(),
                        "anomaly",
                        req.inputTags(),
                        req.windowLength(),
                        req.stride(),
                        scaler,
                        threshold,
                        OnnxGraphWriter.DEFAULT_INPUT,
                        OnnxGraphWriter.DEFAULT_OUTPUT,
                        ModelPackage.sha256(onnx),
                        summary)
                .withReference(Reference.fit(req.inputTags(), req.rows(), scores))
                .withThreshold(threshold, calibration);
        LOG.info("model {} trained in {} ms: {}", manifest.ref(), (System.nanoTime() - started) / 1_000_000, summary);
        return new TrainedModel(manifest, onnx, network, losses, scores);
    }

    /**
     * Per-column mean and population standard deviation. A constant column gets scale 1: it carries no information
     * in training, and scale 1 keeps any later departure from the constant visible in raw units instead of dividing
     * by zero.
     */
    public static Scaler fitScaler(double[][] rows) {
        int width = rows[0].length;
        double[] mean = new double[width];
        double[] scale = new double[width];
        for (int c = 0; c < width; c++) {
            double sum = 0;
            for (double[] row : rows) {
                sum += row[c];
            }
            mean[c] = sum / rows.length;
            double squares = 0;
            for (double[] row : rows) {
                double d = row[c] - mean[c];
                squares += d * d;
            }
            double std = Math.sqrt(squares / rows.length);
            scale[c] = std > MIN_SCALE ? std : 1.0;
        }
        return new Scaler(mean, scale);
    }

    private WindowCentering centering(TrainRequest req) {
        boolean[] centered = new boolean[req.inputTags().size()];
        for (String tag : config.centeredTags()) {
            int index = req.inputTags().indexOf(tag);
            if (index < 0) {
                throw new IllegalArgumentException("model " + req.id() + ": centered tag '" + tag
                        + "' is not one of the inputTags " + req.inputTags());
            }
            centered[index] = true;
        }
        return new WindowCentering(req.windowLength(), centered.length, centered);
    }

    /** Every window copied out of the series and centered, back to back. */
    private static float[] centeredWindows(float[] series, int windows, WindowCentering centering) {
        int features = centering.features();
        float[] out = new float[windows * features];
        for (int k = 0; k < windows; k++) {
            System.arraycopy(series, k * centering.tags(), out, k * features, features);
            centering.apply(out, k * features);
        }
        return out;
    }

    /** Window {@code k} starts at {@code data[k * step]}: overlapping in the series, or back to back. */
    private List<Double> runEpochs(
            TrainRequest req, Mlp mlp, float[] series, int windows, int step, SplittableRandom random) {
        float rate = (float) config.learningRate();
        return EpochLoop.run(
                EpochLoop.offsets(windows, step),
                config.batchSize(),
                config.epochs(),
                random,
                epoch -> rate,
                (order, from, count, r) -> mlp.trainStep(series, order, from, count, r),
                (epoch, epochs, loss) -> {
                    LOG.debug("model {}: epoch {}/{} loss {}", req.id(), epoch, epochs, loss);
                    listener.epochDone(epoch, epochs, loss);
                });
    }

    private int[] sizes(int features) {
        int[] sizes = new int[config.hiddenSizes().size() + 2];
        sizes[0] = features;
        for (int h = 0; h < config.hiddenSizes().size(); h++) {
            sizes[h + 1] = config.hiddenSizes().get(h);
        }
        sizes[sizes.length - 1] = features;
        return sizes;
    }

    private Activation[] activations() {
        Activation[] activations = new Activation[config.hiddenSizes().size() + 1];
        Arrays.fill(activations, Activation.TANH);
        activations[activations.length - 1] = Activation.IDENTITY;
        return activations;
    }

    private static float[] scoreAll(Autoencoder network, float[] series, int windows, int tags) {
        float[] scores = new float[windows];
        for (int k = 0; k < windows; k++) {
            scores[k] = network.scoreAt(series, k * tags);
        }
        return scores;
    }

    /** Goes into the manifest and the graph, so it holds nothing that varies between runs of the same seed. */
    private String summary(TrainRequest req, int windows, List<Double> losses, double threshold) {
        String head = req.training().isBlank() ? "" : req.training() + "; ";
        return head
                + String.format(
                        Locale.ROOT,
                        "autoencoder %s, %d rows, %d windows of %d rows, %d epochs, loss %.5f -> %.5f, "
                                + "threshold %.6f = %.2f x p%.1f of training scores, seed %d",
                        config.hiddenSizes(),
                        req.rows().length,
                        windows,
                        req.windowLength(),
                        config.epochs(),
                        losses.get(0),
                        losses.get(losses.size() - 1),
                        threshold,
                        config.thresholdMargin(),
                        config.thresholdQuantile() * 100,
                        config.seed());
    }

    private static Map<String, String> metadata(TrainRequest req, String summary) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vigil.model.id", req.id());
        metadata.put("vigil.model.version", req.version());
        metadata.put("vigil.training", summary);
        return metadata;
    }

    private static void crossCheck(ModelPackage pkg, TrainedModel trained, TrainRequest req) {
        int tags = req.inputTags().size();
        int features = pkg.manifest().featureCount();
        int batch = Math.min(64, req.windowCount());
        float[] windows = new float[batch * features];
        for (int k = 0; k < batch; k++) {
            WindowEncoder.encode(
                    req.rows(), k, req.windowLength(), pkg.manifest().scaler(), windows, k * features);
        }
        float[] java = trained.network().score(windows, batch);
        try (OnnxModel model = OnnxModel.load(pkg, 1)) {
            float[] ort = model.score(windows, batch);
            for (int k = 0; k < batch; k++) {
                if (Math.abs(ort[k] - java[k]) > 1e-4 + 1e-3 * Math.abs(java[k])) {
                    throw new IllegalStateException("exported graph " + pkg.onnxFile() + " scores window " + k + " as "
                            + ort[k] + " but the trained network gives " + java[k] + " (" + tags + " tags)");
                }
            }
        }
    }
}
