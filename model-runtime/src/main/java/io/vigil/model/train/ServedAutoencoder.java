package io.vigil.model.train;

import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Reference;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.SeriesScorer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A trained autoencoder as it is served, and its threshold set on what is served: the score smoothed inside the graph
 * (a causal mean of {@code smoothing} windows, so the package takes {@code window + smoothing - 1} rows), and the
 * {@link ThresholdRule} applied to the training rows' scores <em>as that graph gives them</em> through ONNX Runtime.
 * {@code vigil model eval skab} and {@code vigil model train --smoothing} both package this way, so the threshold in a
 * manifest is always one of the served graph's own scores.
 */
public final class ServedAutoencoder {
    private ServedAutoencoder() {}

    /** The trained network with its score smoothed over {@code smoothing} windows, weights in {@code precision}. */
    public static byte[] graph(TrainedModel trained, int smoothing, Precision precision) {
        ModelManifest m = trained.manifest();
        return OnnxGraphWriter.autoencoder(
                trained.network().layers(),
                trained.network().centering(),
                m.windowLength(),
                smoothing,
                m.inputName(),
                m.outputName(),
                Map.of(
                        "vigil.model.id",
                        m.id(),
                        "vigil.precision",
                        precision.name().toLowerCase(Locale.ROOT),
                        "vigil.smoothing",
                        Integer.toString(smoothing)),
                precision);
    }

    /** The trained manifest with the served graph's window: {@code window + smoothing - 1} rows. */
    public static ModelManifest manifest(TrainedModel trained, int smoothing) {
        ModelManifest m = trained.manifest();
        return m.withWindowLength(
                m.windowLength() + smoothing - 1,
                m.training() + "; score = mean of the last " + smoothing + " windows of " + m.windowLength()
                        + " rows, in the graph");
    }

    /**
     * Writes {@code onnx} with {@code manifest} to {@code dir}, scores every window of {@code rows} through ONNX Runtime,
     * sets the threshold with {@code rule} on the windows that end inside the first {@code trainingRows} rows, and
     * rewrites the manifest with it (and the drift reference of those rows and scores).
     *
     * @return the final package and the scores of the windows ending at rows {@code windowLength - 1 ..}
     */
    public static Scored writeCalibrated(
            Path dir,
            ModelManifest manifest,
            byte[] onnx,
            double[][] rows,
            int trainingRows,
            ThresholdRule rule,
            int smoothing) {
        ModelPackage draft = ModelPackage.write(dir, manifest, onnx);
        int firstEnd = manifest.windowLength() - 1;
        if (trainingRows <= firstEnd || trainingRows > rows.length) {
            throw new IllegalArgumentException("model " + manifest.id() + ": " + trainingRows + " training rows hold no"
                    + " window of " + manifest.windowLength() + " rows");
        }
        float[] scores;
        try (OnnxModel model = OnnxModel.load(draft, 1)) {
            scores = SeriesScorer.scoreEnds(model, rows, firstEnd);
        }
        float[] training = Arrays.copyOf(scores, trainingRows - firstEnd);
        Calibration calibration = rule.calibrate(training, smoothing);
        ModelManifest served = draft.manifest()
                .withReference(Reference.fit(manifest.inputTags(), Arrays.copyOf(rows, trainingRows), training))
                .withThreshold(calibration.threshold(), calibration);
        return new Scored(ModelPackage.write(dir, served, onnx), scores);
    }

    /**
     * @param pkg the package as written, threshold included
     * @param scores the served graph's score of every window, by its last row, from row {@code windowLength - 1}
     */
    public record Scored(ModelPackage pkg, float[] scores) {}
}
