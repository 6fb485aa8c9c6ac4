package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Reference;
import io.vigil.core.model.Scaler;
import io.vigil.model.data.CsvSeries;
import io.vigil.model.pkg.ModelLoadException;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.GraphSignature;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.ThresholdRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil model package}: wraps a graph from any exporter (PyTorch, scikit-learn, ...) into a model package. */
@Command(
        name = "package",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Wraps an ONNX graph from any exporter into a model package an agent serves: it writes manifest.json"
                    + " (input tags, window, stride, scaler, threshold and how it was chosen, sha256) next to a copy"
                    + " of the graph, then opens the package exactly as an agent does and refuses, naming the field"
                    + " and both values, anything an agent would refuse.",
            "The graph contract: one float32 input [batch, window x tags] (rows oldest first, each row the tags in"
                    + " --tags order, standardized with the scaler), with a dynamic batch axis; one float32 output"
                    + " [batch] or [batch, 1]: the anomaly score (higher = more anomalous; compute the reconstruction"
                    + " error inside the graph) or, with --kind rul, the remaining life.",
            "Scaler: --scaler-mean/--scaler-scale, or fitted on --normal-csv, or --raw-inputs when the graph"
                    + " standardizes itself. Threshold: --threshold, or --margin x --quantile of the graph's own"
                    + " scores on the windows of --normal-csv. See docs/MODELS.md (bring your own model)."
        })
public final class PackageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The exported graph.")
    Path onnx;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Model id (pump-torch).")
    String id;

    @Option(names = "--model-version", paramLabel = "SEMVER", description = "Version written to the manifest.")
    String version = "1.0.0";

    @Option(names = "--kind", description = "anomaly (score > threshold is an anomaly) or rul (remaining life).")
    String kind = "anomaly";

    @Option(
            names = "--tags",
            required = true,
            split = ",",
            paramLabel = "TAG",
            description = "Input tag ids in the order of a row's values.")
    List<String> tags;

    @Option(names = "--window", required = true, description = "Rows per window.")
    int window;

    @Option(names = "--stride", description = "Rows between two scored windows at the edge.")
    int stride = 1;

    @Option(names = "--input", paramLabel = "NAME", description = "The graph's input. Default: its only input.")
    String input;

    @Option(
            names = "--output",
            paramLabel = "NAME",
            description = "The graph's score output. Default: its only output.")
    String output;

    @Option(names = "--scaler-mean", split = ",", description = "Per-tag mean subtracted before the graph.")
    List<Double> scalerMean;

    @Option(names = "--scaler-scale", split = ",", description = "Per-tag scale divided by before the graph.")
    List<Double> scalerScale;

    @Option(names = "--raw-inputs", description = "The graph takes raw values (mean 0, scale 1).")
    boolean rawInputs;

    @Option(
            names = "--normal-csv",
            paramLabel = "FILE",
            description = "Normal data (time column + the tags): fits the scaler unless given, and the threshold"
                    + " unless given.")
    Path normalCsv;

    @Option(names = "--time-column", paramLabel = "NAME", description = "The --normal-csv time column.")
    String timeColumn = "time";

    @Option(
            names = "--threshold",
            description = "The threshold, as given (anomaly: score above it; rul: life below it).")
    Double threshold;

    @Option(
            names = "--quantile",
            description = "With --normal-csv: quantile of the normal scores the threshold starts from.")
    double quantile = 0.995;

    @Option(names = "--margin", description = "With --normal-csv: threshold = margin x that quantile.")
    double margin = 1.5;

    @Option(names = "--out", paramLabel = "DIR", description = "Package directory. Default: ID-VERSION.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(onnx)) {
            throw new UsageException("--onnx " + onnx + " is not a file");
        }
        Path dir = out != null ? out : Path.of(id + "-" + version);
        byte[] graph = Files.readAllBytes(onnx);
        GraphSignature signature = GraphSignature.read(onnx);
        String inputName = pick("--input", input, signature.inputNames());
        String outputName = pick("--output", output, signature.outputNames());
        checkContract(signature, inputName, outputName);
        double[][] normal = normalRows();
        ModelManifest draft;
        try {
            draft = new ModelManifest(
                    id,
                    version,
                    kind,
                    tags,
                    window,
                    stride,
                    scaler(normal),
                    threshold != null ? threshold : 0,
                    inputName,
                    outputName,
                    ModelPackage.sha256(graph),
                    "packaged from " + onnx.getFileName());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ModelPackage pkg = ModelPackage.write(dir, draft, graph);
        ModelManifest manifest = calibrated(pkg, normal);
        pkg = ModelPackage.write(dir, manifest, graph);
        try (OnnxModel model = OnnxModel.load(ModelPackage.read(dir), 1)) {
            model.score(new float[7 * manifest.featureCount()], 7);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                Locale.ROOT,
                "package %s written to %s (sha256 %s)%n%s%n",
                manifest.ref(),
                pkg.dir(),
                manifest.sha256(),
                describe(manifest));
        stdout.flush();
        return 0;
    }

    /**
     * The checks an agent makes on load, made here first so the refusal names the option to change: input width,
     * dynamic batch, one value per window.
     */
    private void checkContract(GraphSignature signature, String inputName, String outputName) {
        long[] in = signature.inputs().get(inputName);
        long features = (long) window * tags.size();
        if (in == null || in.length != 2) {
            throw refusal("input '" + inputName + "' shape", "[batch, " + features + "] float32", in);
        }
        if (in[1] != features) {
            throw refusal("--window x --tags (" + window + " x " + tags.size() + ")", String.valueOf(features), in);
        }
        if (in[0] > 0) {
            throw new UsageException("--onnx " + onnx + ": input '" + inputName + "' has its batch dimension fixed at "
                    + in[0] + " " + GraphSignature.describe(in) + ", but agents score batches of any size"
                    + OnnxModel.FIXED_BATCH_FIX);
        }
        long[] outShape = signature.outputs().get(outputName);
        if (outShape == null || !(outShape.length == 1 || (outShape.length == 2 && outShape[1] == 1))) {
            throw refusal(
                    "output '" + outputName + "' shape",
                    "[batch] or [batch, 1] float32 (one score per window; a reconstruction must be turned into its"
                            + " error inside the graph)",
                    outShape);
        }
    }

    private UsageException refusal(String field, String wanted, long[] actual) {
        return new UsageException("--onnx " + onnx + ": " + field + " must be " + wanted + " but the graph has "
                + GraphSignature.describe(actual));
    }

    private static String pick(String option, String given, List<String> names) {
        if (given != null) {
            if (!names.contains(given)) {
                throw new UsageException(option + " " + given + " is not in the graph, which has " + names);
            }
            return given;
        }
        if (names.size() != 1) {
            throw new UsageException("the graph has " + names + ": name the one to use with " + option);
        }
        return names.get(0);
    }

    private double[][] normalRows() {
        if (normalCsv == null) {
            return null;
        }
        try {
            CsvSeries series = CsvSeries.read(normalCsv, timeColumn, tags);
            series.requireComplete("--normal-csv needs every tag at every row");
            if (series.size() < window) {
                throw new UsageException("--normal-csv " + normalCsv + " has " + series.size() + " rows, fewer than"
                        + " one window of " + window);
            }
            return series.rows();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Scaler scaler(double[][] normal) {
        boolean given = scalerMean != null || scalerScale != null;
        if (given && (rawInputs || scalerMean == null || scalerScale == null)) {
            throw new UsageException("give --scaler-mean and --scaler-scale together, without --raw-inputs");
        }
        if (given) {
            return new Scaler(
                    scalerMean.stream().mapToDouble(Double::doubleValue).toArray(),
                    scalerScale.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (rawInputs) {
            return new Scaler(new double[tags.size()], filled(tags.size(), 1));
        }
        if (normal == null) {
            throw new UsageException(
                    "no scaler: give --scaler-mean/--scaler-scale, --normal-csv to fit one, or --raw-inputs");
        }
        return AutoencoderTrainer.fitScaler(normal);
    }

    /** The manifest with its threshold: given (with normal scores for calibrated output, if any), or computed. */
    private ModelManifest calibrated(ModelPackage pkg, double[][] normal) {
        ModelManifest m = pkg.manifest();
        if (normal == null) {
            if (threshold == null) {
                throw new UsageException("no threshold: give --threshold, or --normal-csv to compute one");
            }
            return m;
        }
        float[] scores = normalScores(pkg, normal);
        if (threshold != null) {
            return m.withThreshold(threshold, ThresholdRule.given(scores, 1));
        }
        if (!"anomaly".equals(kind)) {
            throw new UsageException("--kind " + kind + " needs --threshold (a computed one is for anomaly scores)");
        }
        Calibration c = new ThresholdRule(quantile, margin).calibrate(scores, 1);
        return m.withReference(Reference.fit(tags, normal, scores)).withThreshold(c.threshold(), c);
    }

    /** The graph's own scores of every window of the normal rows, through the agent's loader. */
    private static float[] normalScores(ModelPackage pkg, double[][] normal) {
        ModelManifest m = pkg.manifest();
        int windows = normal.length - m.windowLength() + 1;
        float[] in = new float[windows * m.featureCount()];
        for (int k = 0; k < windows; k++) {
            WindowEncoder.encode(normal, k, m.windowLength(), m.scaler(), in, k * m.featureCount());
        }
        try (OnnxModel model = OnnxModel.load(pkg, 1)) {
            return model.score(in, windows);
        } catch (ModelLoadException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String describe(ModelManifest m) {
        Calibration c = m.calibration();
        String how = c == null
                ? "given"
                : Calibration.GIVEN.equals(c.rule())
                        ? "given; calibrated output from " + c.windows() + " normal windows"
                        : String.format(
                                Locale.ROOT,
                                "max(%.0e, %.3g x quantile %s of %d normal windows' scores = %.6g)",
                                c.floor(),
                                c.margin(),
                                c.quantile(),
                                c.windows(),
                                c.quantileScore());
        return String.format(
                Locale.ROOT,
                "kind %s, tags %s, window %d, stride %d, input '%s', output '%s', threshold %.6g (%s)",
                m.kind(),
                m.inputTags(),
                m.windowLength(),
                m.stride(),
                m.inputName(),
                m.outputName(),
                m.threshold(),
                how);
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }
}
