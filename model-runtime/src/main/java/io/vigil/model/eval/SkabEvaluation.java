package io.vigil.model.eval;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.alert.AlertRule;
import io.vigil.model.eval.SkabData.Experiment;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.ServedAutoencoder;
import io.vigil.model.train.ThresholdRule;
import io.vigil.model.train.TrainRequest;
import io.vigil.model.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The SKAB outlier-detection leaderboard protocol, run on Vigil's autoencoder as it is served at the edge.
 *
 * <p><b>Protocol.</b> Per experiment: the first {@value #TRAIN_ROWS} rows are the training part, the rest the test part
 * (no shuffling); the standard scaler is fitted on the training part; every test point gets a 0/1 prediction, and
 * TP/FP/TN/FN are summed over all 34 labelled experiments before F1, FAR and MAR are computed ({@link Confusion}).
 *
 * <p><b>Model.</b> One autoencoder per experiment, trained in pure Java ({@link AutoencoderTrainer}) on the windows of
 * the training part, exported to ONNX and scored by ONNX Runtime ({@link OnnxModel}). The score of test point {@code
 * t} is the score of the window of rows {@code t - window + 1 .. t}, so the first test points borrow the tail of the
 * training part, as the protocol allows. The scores are smoothed by a causal moving average of {@code smoothing}
 * windows <em>inside the ONNX graph</em> ({@link OnnxGraphWriter#autoencoder(List, io.vigil.model.onnx.WindowCentering,
 * int, int, String, String, Map, Precision)}): the packaged model takes {@code window + smoothing - 1} rows and its
 * output is the smoothed score, so the figures are those of the package an edge agent would serve, thresholded as is.
 * The threshold is {@code margin x} the {@code quantile} of the scores of the training windows, scored by the same
 * graph ({@link ThresholdRule}): nothing from the test part is used to set it. It is written into the package's
 * manifest and the test part is counted against that manifest, so an agent serving the package (kept with {@link
 * #run(List, Path)}) flags exactly the points counted here.
 *
 * <p>With {@link Config#int8()} the same trained network is also exported with int8 weights ({@link Precision#INT8}),
 * thresholded on its own training scores and evaluated the same way.
 */
public final class SkabEvaluation {
    /** Rows of each experiment used for training, fixed by the leaderboard. */
    public static final int TRAIN_ROWS = 400;

    private final Config config;
    private final Consumer<String> progress;

    public SkabEvaluation(Config config, Consumer<String> progress) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * How to train and threshold.
     *
     * @param window rows per window
     * @param autoencoder network and optimiser settings (its own threshold settings are not used)
     * @param quantile quantile of the smoothed training scores the threshold starts from, in (0, 1]
     * @param margin factor applied to that quantile, > 0
     * @param smoothing points of the causal moving average over scores, >= 1
     * @param int8 also evaluate the int8 export
     */
    public record Config(
            int window,
            AutoencoderTrainer.Config autoencoder,
            double quantile,
            double margin,
            int smoothing,
            boolean int8) {
        public Config {
            Objects.requireNonNull(autoencoder, "autoencoder");
            if (window < 1 || window >= TRAIN_ROWS) {
                throw new IllegalArgumentException("window " + window + " not in 1.." + (TRAIN_ROWS - 1));
            }
            if (!(quantile > 0 && quantile <= 1)) {
                throw new IllegalArgumentException("quantile " + quantile + " not in (0, 1]");
            }
            if (!(margin > 0 && Double.isFinite(margin))) {
                throw new IllegalArgumentException("margin " + margin + " must be > 0");
            }
            if (smoothing < 1 || smoothing > TRAIN_ROWS - window) {
                throw new IllegalArgumentException("smoothing " + smoothing + " not in 1.." + (TRAIN_ROWS - window));
            }
        }
    }

    /**
     * Figures of one export.
     *
     * @param confusion summed over all experiments, pointwise (the leaderboard's rule)
     * @param alarms summed over all experiments, as the agent raises events
     * @param modelBytes mean size of one experiment's {@code model.onnx}
     */
    public record Figures(Confusion confusion, Alarms alarms, long modelBytes) {}

    /** One experiment's counts. */
    private record Counted(Confusion confusion, Alarms alarms) {}

    /**
     * The outcome.
     *
     * @param fp32 the float32 export
     * @param int8 the int8 export, or {@code null} when not asked for
     * @param experiments how many experiments were evaluated
     */
    public record Result(Figures fp32, Figures int8, int experiments) {}

    /** Runs the protocol on {@code experiments}; model packages go to a temporary directory, removed at the end. */
    public Result run(List<Experiment> experiments) {
        Path tmp = tempDir();
        try {
            return run(experiments, tmp);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Runs the protocol and keeps the served packages: {@code packages/<folder>-<file>/fp32} (and {@code int8}), each
     * with the threshold the evaluation counted with in its manifest.
     */
    public Result run(List<Experiment> experiments, Path packages) {
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("no SKAB experiments to evaluate");
        }
        Confusion fp32 = Confusion.EMPTY;
        Confusion int8 = Confusion.EMPTY;
        Alarms fp32Alarms = Alarms.EMPTY;
        Alarms int8Alarms = Alarms.EMPTY;
        long fp32Bytes = 0;
        long int8Bytes = 0;
        int done = 0;
        for (Experiment e : experiments) {
            TrainedModel trained = train(e);
            Path dir = packages.resolve(e.name().replace('/', '-'));
            byte[] served = ServedAutoencoder.graph(trained, config.smoothing(), Precision.FP32);
            Counted c =
                    evaluate(e, ServedAutoencoder.manifest(trained, config.smoothing()), served, dir.resolve("fp32"));
            fp32 = fp32.plus(c.confusion());
            fp32Alarms = fp32Alarms.plus(c.alarms());
            fp32Bytes += served.length;
            String line = String.format(
                    Locale.ROOT,
                    "%-10s fp32 f1 %.3f far %5.1f events %d",
                    e.name(),
                    c.confusion().f1(),
                    c.confusion().far(),
                    c.alarms().events());
            if (config.int8()) {
                byte[] onnx = ServedAutoencoder.graph(trained, config.smoothing(), Precision.INT8);
                Counted q =
                        evaluate(e, ServedAutoencoder.manifest(trained, config.smoothing()), onnx, dir.resolve("int8"));
                int8 = int8.plus(q.confusion());
                int8Alarms = int8Alarms.plus(q.alarms());
                int8Bytes += onnx.length;
                line += String.format(
                        Locale.ROOT,
                        " | int8 f1 %.3f far %5.1f events %d",
                        q.confusion().f1(),
                        q.confusion().far(),
                        q.alarms().events());
            }
            done++;
            progress.accept("[" + done + "/" + experiments.size() + "] " + line);
        }
        int n = experiments.size();
        return new Result(
                new Figures(fp32, fp32Alarms, fp32Bytes / n),
                config.int8() ? new Figures(int8, int8Alarms, int8Bytes / n) : null,
                n);
    }

    private TrainedModel train(Experiment e) {
        double[][] train = Arrays.copyOf(e.rows(), TRAIN_ROWS);
        TrainRequest request = new TrainRequest(
                "skab-" + e.name().replace('/', '-'),
                "1.0.0",
                SkabData.TAGS,
                config.window(),
                1,
                train,
                "SKAB " + e.name() + ", first " + TRAIN_ROWS + " rows");
        return new AutoencoderTrainer(config.autoencoder()).fit(request);
    }

    /**
     * Scores every window of the served graph with ONNX Runtime (each already smoothed), sets the threshold on the
     * windows that lie in the training part ({@link ThresholdRule}), writes it into the package's manifest, and counts
     * the test part against that manifest's threshold with the agent's own rule ({@link AlertRule#above}).
     */
    private Counted evaluate(Experiment e, ModelManifest manifest, byte[] onnx, Path dir) {
        var rule = new ThresholdRule(config.quantile(), config.margin());
        var written =
                ServedAutoencoder.writeCalibrated(dir, manifest, onnx, e.rows(), TRAIN_ROWS, rule, config.smoothing());
        ModelManifest served = written.pkg().manifest();
        float[] scores = written.scores();
        int firstEnd = manifest.windowLength() - 1;
        int trainWindows = TRAIN_ROWS - firstEnd;
        int testPoints = e.rows().length - TRAIN_ROWS;
        boolean[] predicted = new boolean[testPoints];
        boolean[] actual = new boolean[testPoints];
        for (int k = 0; k < testPoints; k++) {
            predicted[k] = AlertRule.above(scores[trainWindows + k], served.threshold());
            actual[k] = e.anomaly()[TRAIN_ROWS + k];
        }
        return new Counted(
                Confusion.of(actual, predicted), Alarms.count(served, scores, firstEnd, TRAIN_ROWS, e.anomaly()));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vigil-skab-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the SKAB models", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing an evaluation for
        }
    }
}
