package io.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.core.sample.Tags;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} that travels with a {@code model.onnx}: what the graph expects and how to read its output.
 *
 * <p>The graph takes one float32 input {@code [batch, windowLength * inputTags.size()]}: a window of rows, oldest
 * first, each row the input tags in order, each value standardized with {@code (x - mean[i]) / scale[i]}. It returns
 * one float32 output {@code [batch]}: for kind {@code anomaly} the anomaly score, where {@code score > threshold} is an
 * anomaly; for kind {@code rul} the remaining useful life in the units named in {@code training} (cycles for the
 * built-in C-MAPSS model), where {@code rul < threshold} may raise a maintenance event.
 *
 * @param id model id ({@code pump-ae})
 * @param version semantic version ({@code 1.0.0})
 * @param kind {@code anomaly} or {@code rul}; later {@code custom}
 * @param inputTags the tag ids of a row, in feature order
 * @param windowLength rows per window
 * @param stride rows between the ends of two scored windows
 * @param scaler per-tag standardization, one entry per input tag
 * @param threshold anomaly: scores above it raise an anomaly event; rul: remaining life below it is worth an event
 * @param inputName the graph's input name
 * @param outputName the graph's score output name
 * @param sha256 hex sha256 of {@code model.onnx}; verified on load
 * @param training what the model was fitted on (free text: data source, rows, loss)
 * @param reference the training distributions of the inputs and the score, for drift detection; optional ({@code
 *     null}), and left out of the JSON when absent, so manifests written before it existed stay valid
 * @param calibration how {@code threshold} was chosen and the training scores behind calibrated scores; optional
 *     like {@code reference}; when its rule computes a threshold, that threshold must be {@code threshold}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelManifest(
        String id,
        String version,
        String kind,
        List<String> inputTags,
        int windowLength,
        int stride,
        Scaler scaler,
        double threshold,
        String inputName,
        String outputName,
        String sha256,
        String training,
        @JsonInclude(JsonInclude.Include.NON_NULL) Reference reference,
        @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration) {

    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.\\-]+)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @JsonCreator
    public ModelManifest {
        Tags.requireValidId("model id", id);
        if (version == null || !SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("model " + id + ": version '" + version + "' is not a semantic version");
        }
        if (!"anomaly".equals(kind) && !"rul".equals(kind)) {
            throw new IllegalArgumentException("model " + id + ": kind '" + kind + "' is not supported (anomaly, rul)");
        }
        if (inputTags == null || inputTags.isEmpty()) {
            throw new IllegalArgumentException("model " + id + ": inputTags is empty");
        }
        inputTags = List.copyOf(inputTags);
        if (new HashSet<>(inputTags).size() != inputTags.size()) {
            throw new IllegalArgumentException("model " + id + ": inputTags has duplicates: " + inputTags);
        }
        inputTags.forEach(t -> Tags.requireValidId("model " + id + " input tag", t));
        if (windowLength < 1 || windowLength > 10_000) {
            throw new IllegalArgumentException("model " + id + ": windowLength " + windowLength + " not in 1..10000");
        }
        if (stride < 1 || stride > windowLength) {
            throw new IllegalArgumentException(
                    "model " + id + ": stride " + stride + " not in 1..windowLength (" + windowLength + ")");
        }
        Objects.requireNonNull(scaler, "model " + id + ": scaler");
        if (scaler.mean().length != inputTags.size()) {
            throw new IllegalArgumentException("model " + id + ": scaler has " + scaler.mean().length
                    + " entries but inputTags has " + inputTags.size());
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("model " + id + ": threshold " + threshold + " is not finite");
        }
        if (inputName == null || inputName.isBlank() || outputName == null || outputName.isBlank()) {
            throw new IllegalArgumentException("model " + id + ": inputName and outputName must be set");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("model " + id + ": sha256 '" + sha256 + "' is not 64 lowercase hex");
        }
        training = training == null ? "" : training;
        if (reference != null) {
            List<String> names =
                    reference.features().stream().map(Distribution::name).toList();
            if (!names.equals(inputTags)) {
                throw new IllegalArgumentException(
                        "model " + id + ": reference features " + names + " differ from inputTags " + inputTags);
            }
        }
        if (calibration != null && Calibration.QUANTILE.equals(calibration.rule())) {
            double derived = calibration.threshold();
            if (Math.abs(derived - threshold) > 1e-9 * Math.max(1, Math.abs(threshold))) {
                throw new IllegalArgumentException("model " + id + ": threshold " + threshold
                        + " differs from the calibration's " + derived + " (" + calibration.margin() + " x quantile "
                        + calibration.quantile() + " = " + calibration.quantileScore() + ", floor "
                        + calibration.floor() + ")");
            }
        }
    }

    /** A manifest without a calibration (the form every manifest had before {@code calibration} existed). */
    public ModelManifest(
            String id,
            String version,
            String kind,
            List<String> inputTags,
            int windowLength,
            int stride,
            Scaler scaler,
            double threshold,
            String inputName,
            String outputName,
            String sha256,
            String training,
            Reference reference) {
        this(
                id,
                version,
                kind,
                inputTags,
                windowLength,
                stride,
                scaler,
                threshold,
                inputName,
                outputName,
                sha256,
                training,
                reference,
                null);
    }

    /** A manifest without a drift reference (the form every manifest had before {@code reference} existed). */
    public ModelManifest(
            String id,
            String version,
            String kind,
            List<String> inputTags,
            int windowLength,
            int stride,
            Scaler scaler,
            double threshold,
            String inputName,
            String outputName,
            String sha256,
            String training) {
        this(
                id,
                version,
                kind,
                inputTags,
                windowLength,
                stride,
                scaler,
                threshold,
                inputName,
                outputName,
                sha256,
                training,
                null,
                null);
    }

    /** Number of floats in one window: {@code windowLength * inputTags.size()}. */
    public int featureCount() {
        return windowLength * inputTags.size();
    }

    /** {@code id@version}, the way logs and events name a model. */
    public String ref() {
        return id + "@" + version;
    }

    /** Same manifest with another sha256 (used when the package is written). */
    public ModelManifest withSha256(String newSha256) {
        return new ModelManifest(
                id,
                version,
                kind,
                inputTags,
                windowLength,
                stride,
                scaler,
                threshold,
                inputName,
                outputName,
                newSha256,
                training,
                reference,
                calibration);
    }

    /** Same manifest with a drift reference. */
    public ModelManifest withReference(Reference newReference) {
        return new ModelManifest(
                id,
                version,
                kind,
                inputTags,
                windowLength,
                stride,
                scaler,
                threshold,
                inputName,
                outputName,
                sha256,
                training,
                newReference,
                calibration);
    }

    /** Same manifest with another threshold and the calibration that chose it. */
    public ModelManifest withThreshold(double newThreshold, Calibration newCalibration) {
        return new ModelManifest(
                id,
                version,
                kind,
                inputTags,
                windowLength,
                stride,
                scaler,
                newThreshold,
                inputName,
                outputName,
                sha256,
                training,
                reference,
                newCalibration);
    }

    /** Same manifest with another window length (a graph that smooths takes more rows than one window). */
    public ModelManifest withWindowLength(int newWindowLength, String newTraining) {
        return new ModelManifest(
                id,
                version,
                kind,
                inputTags,
                newWindowLength,
                stride,
                scaler,
                threshold,
                inputName,
                outputName,
                sha256,
                newTraining,
                reference,
                calibration);
    }
}
