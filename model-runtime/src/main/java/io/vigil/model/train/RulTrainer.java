package io.vigil.model.train;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a remaining-useful-life regressor on windows of a series and packages it ({@code kind: rul}): the target of a
 * window is the target column's value at the window's last row.
 *
 * <p>The windows are standardized like every Vigil input; the targets are divided by their largest magnitude for
 * training (Adam's step sizes suit targets near 1) and the factor is folded back into each member's last layer, so the
 * graph predicts in the target's own units. The ensemble is {@link RegressorTrainer}'s.
 */
public final class RulTrainer {
    private final RegressorTrainer.Config config;
    private final TrainingListener listener;

    public RulTrainer(RegressorTrainer.Config config, TrainingListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The outcome.
     *
     * @param pkg the package written
     * @param rmse root mean squared error of the package's predictions over the training windows, in target units
     * @param windows training windows
     */
    public record Result(ModelPackage pkg, double rmse, int windows) {}

    /**
     * Trains on {@code req} with one target per row of {@code req.rows()} and writes the package to {@code outDir}.
     *
     * @param threshold remaining life below which an event is worth raising, in target units
     */
    public Result train(TrainRequest req, double[] targets, double threshold, Path outDir) {
        if (targets.length != req.rows().length) {
            throw new IllegalArgumentException("model " + req.id() + ": " + targets.length + " targets for "
                    + req.rows().length + " rows (one per row)");
        }
        Scaler scaler = AutoencoderTrainer.fitScaler(req.rows());
        int features = req.windowLength() * req.inputTags().size();
        int windows = req.windowCount();
        float[] inputs = new float[windows * features];
        float[] y = new float[windows];
        double scale = 0;
        for (double t : targets) {
            scale = Math.max(scale, Math.abs(t));
        }
        scale = scale > 0 ? scale : 1;
        for (int k = 0; k < windows; k++) {
            WindowEncoder.encode(req.rows(), k, req.windowLength(), scaler, inputs, k * features);
            y[k] = (float) (targets[k + req.windowLength() - 1] / scale);
        }
        Regressor served =
                new RegressorTrainer(config, listener).fit(inputs, y, features).scaled(scale);
        String summary = String.format(
                Locale.ROOT,
                "%s%d x MLP %s on %d windows of %d rows, target scaled by %.6g, %d epochs, seed %d",
                req.training().isBlank() ? "" : req.training() + "; ",
                config.members(),
                config.hiddenSizes(),
                windows,
                req.windowLength(),
                scale,
                config.epochs(),
                config.seed());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vigil.model.id", req.id());
        metadata.put("vigil.training", summary);
        byte[] onnx = OnnxGraphWriter.regressor(
                served.members(),
                OnnxGraphWriter.DEFAULT_INPUT,
                OnnxGraphWriter.DEFAULT_OUTPUT,
                metadata,
                Precision.FP32);
        ModelManifest manifest = new ModelManifest(
                req.id(),
                req.version(),
                "rul",
                req.inputTags(),
                req.windowLength(),
                req.stride(),
                scaler,
                threshold,
                OnnxGraphWriter.DEFAULT_INPUT,
                OnnxGraphWriter.DEFAULT_OUTPUT,
                ModelPackage.sha256(onnx),
                summary);
        ModelPackage pkg = ModelPackage.write(outDir, manifest, onnx);
        float[] predicted;
        try (OnnxModel model = OnnxModel.load(pkg, 1)) {
            predicted = model.score(inputs, windows);
        }
        float[] java = served.predict(inputs, windows);
        double squares = 0;
        for (int k = 0; k < windows; k++) {
            if (Math.abs(predicted[k] - java[k]) > 1e-3 * Math.max(1, Math.abs(java[k]))) {
                throw new IllegalStateException("exported graph " + pkg.onnxFile() + " predicts window " + k + " as "
                        + predicted[k] + " but the trained ensemble gives " + java[k]);
            }
            double d = predicted[k] - y[k] * scale;
            squares += d * d;
        }
        return new Result(pkg, Math.sqrt(squares / windows), windows);
    }
}
