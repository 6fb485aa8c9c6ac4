package io.vigil.model.eval;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.eval.CmapssData.Engine;
import io.vigil.model.eval.CmapssData.Fd001;
import io.vigil.model.onnx.Dense;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.LinearMap;
import io.vigil.model.train.Regressor;
import io.vigil.model.train.RegressorTrainer;
import io.vigil.model.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The usual C-MAPSS FD001 protocol, run on Vigil's remaining-useful-life regressor as it is served at the edge.
 *
 * <p><b>Protocol.</b> Train on every engine of {@code train_FD001}, with the target {@code min(cap, last cycle -
 * cycle)} (piecewise linear: an engine is "healthy" until {@code cap} cycles before failure); predict the RUL at the
 * last cycle of each test engine and compare with {@code RUL_FD001}: RMSE over the 100 engines, and the PHM08 score
 * {@code sum(exp(-d/13) - 1 if d < 0 else exp(d/10) - 1)}, {@code d = predicted - true}, which punishes late
 * predictions more than early ones.
 *
 * <p><b>Model.</b> The input is a window of the last {@code window} cycles of the 14 informative sensors, each
 * standardized with the training set's mean and deviation. The network is trained on linear summaries of the window
 * (per sensor: window mean, mean of the last {@code recent} cycles, least-squares slope; {@link LinearMap}) and an
 * ensemble of ReLU MLPs ({@link RegressorTrainer}); at export the summaries are folded into each member's first layer
 * and the cap into its last, so the graph takes the raw window and returns cycles. A test series shorter than the
 * window is padded at the front with its first row.
 */
public final class CmapssEvaluation {
    private final Config config;
    private final Consumer<String> progress;

    public CmapssEvaluation(Config config, Consumer<String> progress) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * How to train.
     *
     * @param window cycles per window
     * @param recent cycles of the "current level" summary, 1..window
     * @param cap RUL cap of the piecewise-linear target, in cycles
     * @param regressor network, ensemble and optimiser settings
     * @param int8 also evaluate the int8 export
     */
    public record Config(int window, int recent, int cap, RegressorTrainer.Config regressor, boolean int8) {
        public Config {
            Objects.requireNonNull(regressor, "regressor");
            if (window < 2 || window > 100) {
                throw new IllegalArgumentException("window " + window + " not in 2..100");
            }
            if (recent < 1 || recent > window) {
                throw new IllegalArgumentException("recent " + recent + " not in 1..window (" + window + ")");
            }
            if (cap < 1) {
                throw new IllegalArgumentException("cap " + cap + " must be >= 1");
            }
        }
    }

    /**
     * Figures of one export.
     *
     * @param rmse root mean squared error at the last test cycle, in cycles
     * @param phm08 PHM08 score (lower is better)
     * @param modelBytes size of {@code model.onnx}
     * @param maxJavaDifference largest difference between ONNX Runtime's and the Java network's prediction
     */
    public record Figures(double rmse, double phm08, long modelBytes, double maxJavaDifference) {}

    /**
     * The outcome.
     *
     * @param fp32 the float32 export
     * @param int8 the int8 export, or {@code null} when not asked for
     * @param trainWindows training windows
     * @param testEngines engines evaluated
     */
    public record Result(Figures fp32, Figures int8, int trainWindows, int testEngines) {}

    /** Trains on {@code data.train()}, exports, and evaluates on {@code data.test()}. */
    public Result run(Fd001 data) {
        int tags = tags().size();
        int features = config.window() * tags;
        Scaler scaler = AutoencoderTrainer.fitScaler(
                data.train().stream().flatMap(e -> List.of(e.rows()).stream()).toArray(double[][]::new));
        List<Float> targets = new ArrayList<>();
        float[] windows = trainingWindows(data.train(), scaler, targets);
        int n = targets.size();
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            y[k] = targets.get(k) / config.cap();
        }
        LinearMap summary =
                LinearMap.windowSummary(config.window(), tags, config.recent()).standardizedOn(windows, n);
        progress.accept(String.format(
                Locale.ROOT,
                "training %d members on %d windows of %d cycles (%d summaries)",
                config.regressor().members(),
                n,
                config.window(),
                summary.outputs()));
        TrainingListener listener = (epoch, epochs, loss) -> {
            if (epoch % 10 == 0 || epoch == epochs) {
                progress.accept(String.format(
                        Locale.ROOT, "epoch %d/%d: loss %.5f (member 0, target / cap)", epoch, epochs, loss));
            }
        };
        Regressor trained = new RegressorTrainer(config.regressor(), listener)
                .fit(summary.applyAll(windows, n), y, summary.outputs());
        Regressor served = fold(trained, summary);
        float[] test = testWindows(data.test(), scaler);
        float[] java = served.predict(test, data.test().size());
        ModelManifest manifest = manifest(scaler, features);
        Path tmp = tempDir();
        try {
            Figures fp32 = evaluate(served, manifest, Precision.FP32, test, java, data.testRul(), tmp);
            Figures int8 =
                    config.int8() ? evaluate(served, manifest, Precision.INT8, test, java, data.testRul(), tmp) : null;
            return new Result(fp32, int8, n, data.test().size());
        } finally {
            deleteTree(tmp);
        }
    }

    private Figures evaluate(
            Regressor served,
            ModelManifest manifest,
            Precision precision,
            float[] test,
            float[] java,
            int[] truth,
            Path tmp) {
        byte[] onnx = OnnxGraphWriter.regressor(
                served.members(),
                manifest.inputName(),
                manifest.outputName(),
                Map.of(
                        "vigil.model.id",
                        manifest.id(),
                        "vigil.precision",
                        precision.name().toLowerCase(Locale.ROOT)),
                precision);
        ModelPackage pkg = ModelPackage.write(tmp.resolve(precision.name()), manifest, onnx);
        float[] predicted;
        try (OnnxModel model = OnnxModel.load(pkg, 1)) {
            predicted = model.score(test, truth.length);
        }
        double squares = 0;
        double phm = 0;
        double maxDiff = 0;
        for (int k = 0; k < truth.length; k++) {
            double d = predicted[k] - truth[k];
            squares += d * d;
            phm += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
            maxDiff = Math.max(maxDiff, Math.abs(predicted[k] - java[k]));
        }
        double rmse = Math.sqrt(squares / truth.length);
        progress.accept(
                String.format(Locale.ROOT, "%s: RMSE %.2f, PHM08 %.1f, %d bytes", precision, rmse, phm, onnx.length));
        return new Figures(rmse, phm, onnx.length, maxDiff);
    }

    /** Every full window of every training engine; {@code targets} gets the capped RUL at each window's end. */
    private float[] trainingWindows(List<Engine> engines, Scaler scaler, List<Float> targets) {
        int w = config.window();
        int features = w * tags().size();
        int count = 0;
        for (Engine e : engines) {
            count += Math.max(0, e.rows().length - w + 1);
        }
        float[] out = new float[count * features];
        int k = 0;
        for (Engine e : engines) {
            int life = e.rows().length;
            for (int end = w - 1; end < life; end++) {
                WindowEncoder.encode(e.rows(), end - w + 1, w, scaler, out, k * features);
                targets.add((float) Math.min(config.cap(), life - 1 - end));
                k++;
            }
        }
        return out;
    }

    /** The window ending at each test engine's last cycle, padded at the front with the first row if too short. */
    private float[] testWindows(List<Engine> engines, Scaler scaler) {
        int w = config.window();
        int features = w * tags().size();
        float[] out = new float[engines.size() * features];
        for (int k = 0; k < engines.size(); k++) {
            double[][] rows = engines.get(k).rows();
            double[][] window = new double[w][];
            for (int r = 0; r < w; r++) {
                window[r] = rows[Math.max(0, rows.length - w + r)];
            }
            WindowEncoder.encode(window, scaler, out, k * features);
        }
        return out;
    }

    /** Folds the summaries into each member's first layer and the cap into its last. */
    private Regressor fold(Regressor trained, LinearMap summary) {
        List<List<Dense>> members = new ArrayList<>();
        for (List<Dense> member : trained.members()) {
            List<Dense> layers = new ArrayList<>(member);
            layers.set(0, summary.foldInto(layers.get(0)));
            members.add(layers);
        }
        return new Regressor(members).scaled(config.cap());
    }

    private ModelManifest manifest(Scaler scaler, int features) {
        var r = config.regressor();
        String training = String.format(
                Locale.ROOT,
                "C-MAPSS FD001 train, RUL in cycles capped at %d; %d x MLP %s on window summaries (mean, last %d,"
                        + " slope), %d epochs, seed %d",
                config.cap(),
                r.members(),
                r.hiddenSizes(),
                config.recent(),
                r.epochs(),
                r.seed());
        return new ModelManifest(
                "cmapss-rul",
                "1.0.0",
                "rul",
                tags(),
                config.window(),
                1,
                scaler,
                30,
                OnnxGraphWriter.DEFAULT_INPUT,
                "rul",
                "0".repeat(64),
                training);
    }

    private static List<String> tags() {
        return CmapssData.TAGS;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vigil-cmapss-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the C-MAPSS model", e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing an evaluation for
        }
    }
}
