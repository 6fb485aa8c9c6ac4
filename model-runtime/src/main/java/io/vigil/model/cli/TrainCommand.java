package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.model.data.CsvSeries;
import io.vigil.model.onnx.Precision;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.RegressorTrainer;
import io.vigil.model.train.RulTrainer;
import io.vigil.model.train.ServedAutoencoder;
import io.vigil.model.train.ThresholdRule;
import io.vigil.model.train.TrainRequest;
import io.vigil.model.train.TrainedModel;
import io.vigil.model.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil model train}: a built-in model from a CSV of the plant's own data. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Trains a built-in model on a CSV (a time column and one column per input tag) and writes a model package"
                    + " (manifest.json + model.onnx) an agent can serve.",
            "Without --target: the anomaly autoencoder, trained on the normal period (--normal-from/--normal-to, or"
                    + " the whole file); the threshold is --margin x the --quantile of the training windows' scores"
                    + " (never below 1e-6), written to the manifest with how it was chosen and the training scores"
                    + " behind calibrated scores. With --target COL: the remaining-useful-life regressor, predicting"
                    + " COL at each window's last row.",
            "Progress goes to stderr; the figures (loss, threshold and how it was chosen, windows used, time) and the"
                    + " package path go to stdout. --push registers the package at --hub (--shadow: straight into"
                    + " shadow). Check it first with 'vigil model score PACKAGE --csv FILE'. See docs/MODELS.md."
        })
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The data: time column + tags.")
    Path csv;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Model id (pump-ae).")
    String id;

    @Option(names = "--model-version", paramLabel = "SEMVER", description = "Version written to the manifest.")
    String version = "1.0.0";

    @Option(names = "--out", paramLabel = "DIR", description = "Package directory. Default: ID-VERSION.")
    Path out;

    @Option(names = "--time-column", paramLabel = "NAME", description = "The CSV's time column.")
    String timeColumn = "time";

    @Option(
            names = "--columns",
            split = ",",
            paramLabel = "TAG",
            description = "Input tags, in feature order; their names are the tag ids the agent reads. Default: every"
                    + " column but the time and the target.")
    List<String> columns = List.of();

    @Option(names = "--window", description = "Rows per window.")
    int window = 10;

    @Option(
            names = "--smoothing",
            description = "Autoencoder: windows whose scores the graph averages into one (a causal moving average"
                    + " inside the graph; the package then takes window + smoothing - 1 rows); the threshold is set on"
                    + " the smoothed scores.")
    int smoothing = 1;

    @Option(names = "--stride", description = "Rows between two scored windows at the edge (training uses all).")
    int stride = 1;

    @Option(
            names = "--normal-from",
            paramLabel = "TIME",
            description = "First time of the training period (ISO-8601, inclusive). Default: the first row.")
    String normalFrom;

    @Option(
            names = "--normal-to",
            paramLabel = "TIME",
            description = "End of the training period (ISO-8601, exclusive). Default: after the last row.")
    String normalTo;

    @Option(
            names = "--target",
            paramLabel = "COL",
            description = "Train the remaining-useful-life regressor on this column instead of the autoencoder.")
    String target;

    @Option(names = "--epochs", description = "Passes over all windows.")
    int epochs = 30;

    @Option(
            names = "--hidden",
            split = ",",
            description = "Hidden layer widths, input side first. Default: 32,8,32 (autoencoder), 64,32 (regressor).")
    List<Integer> hidden;

    @Option(names = "--learning-rate", description = "Adam step size. Default: 0.003 (autoencoder), 0.001 (regressor).")
    Double learningRate;

    @Option(names = "--seed", description = "Seed of weights and shuffling; a seed reproduces the package.")
    long seed = 42;

    @Option(
            names = "--quantile",
            description = "Autoencoder: quantile of the training scores the threshold starts from.")
    double quantile = 0.995;

    @Option(names = "--margin", description = "Autoencoder: threshold = margin x that quantile (at least 1).")
    double margin = 1.5;

    @Option(
            names = "--centered",
            split = ",",
            paramLabel = "TAG",
            description = "Autoencoder: tags whose mean over each window is removed first (slow, drifting signals).")
    List<String> centered = List.of();

    @Option(names = "--members", description = "Regressor: networks in the ensemble; the graph outputs their mean.")
    int members = 3;

    @Option(
            names = "--rul-threshold",
            description = "Regressor: remaining life below which an event is worth raising, in the target's units.")
    double rulThreshold = 0;

    @Option(names = "--push", description = "Register the package at --hub after writing it.")
    boolean push;

    @Option(names = "--shadow", description = "With --push: put the new version straight into shadow.")
    boolean shadow;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new UsageException("--csv " + csv + " is not a file");
        }
        if (shadow && !push) {
            throw new UsageException("--shadow needs --push");
        }
        Path dir = out != null ? out : Path.of(id + "-" + version);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        long started = System.nanoTime();
        ModelPackage pkg;
        try {
            CsvSeries all = CsvSeries.read(csv, timeColumn, List.of());
            CsvSeries normal = all.between(time("--normal-from", normalFrom), time("--normal-to", normalTo));
            List<String> inputs = inputs(all);
            pkg = target == null
                    ? trainAutoencoder(normal, inputs, dir, err, stdout)
                    : trainRegressor(normal, inputs, dir, err, stdout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        stdout.printf(
                Locale.ROOT,
                "time %.1f s%npackage %s written to %s (sha256 %s)%n",
                (System.nanoTime() - started) / 1e9,
                pkg.manifest().ref(),
                pkg.dir(),
                pkg.manifest().sha256());
        stdout.flush();
        if (push) {
            PushCommand.push(hub, pkg.dir(), shadow ? "shadow" : null, stdout);
        }
        return 0;
    }

    private ModelPackage trainAutoencoder(
            CsvSeries normal, List<String> inputs, Path dir, PrintWriter err, PrintWriter stdout) {
        TrainRequest req = request(normal, inputs);
        var config = new AutoencoderTrainer.Config(
                hidden != null ? hidden : List.of(32, 8, 32),
                epochs,
                64,
                learningRate != null ? learningRate : 0.003,
                seed,
                quantile,
                margin,
                centered);
        err.printf(
                Locale.ROOT,
                "training autoencoder %s on %d windows of %d rows x %d tags%n",
                config.hiddenSizes(),
                req.windowCount(),
                window,
                inputs.size());
        err.flush();
        List<Double> losses = new ArrayList<>();
        var trainer = new AutoencoderTrainer(config, progress(err, losses));
        ModelPackage pkg;
        if (smoothing == 1) {
            pkg = trainer.train(req, dir);
        } else if (smoothing < 1 || smoothing >= req.windowCount()) {
            throw new UsageException("--smoothing " + smoothing + " not in 1.." + (req.windowCount() - 1));
        } else {
            TrainedModel trained = trainer.fit(req);
            pkg = ServedAutoencoder.writeCalibrated(
                            dir,
                            ServedAutoencoder.manifest(trained, smoothing),
                            ServedAutoencoder.graph(trained, smoothing, Precision.FP32),
                            req.rows(),
                            req.rows().length,
                            new ThresholdRule(quantile, margin),
                            smoothing)
                    .pkg();
        }
        ModelManifest m = pkg.manifest();
        Calibration c = m.calibration();
        stdout.printf(
                Locale.ROOT,
                "loss %.6f -> %.6f (mean squared reconstruction error, standardized units)%n",
                losses.get(0),
                losses.get(losses.size() - 1));
        stdout.printf(
                Locale.ROOT,
                "threshold %.6g = max(%.0e, %.3g x p%s of the %d training windows' scores%s = %.6g)%n",
                m.threshold(),
                c.floor(),
                c.margin(),
                percent(c.quantile()),
                c.windows(),
                c.smoothing() > 1 ? " (each the mean of " + c.smoothing() + " windows, as served)" : "",
                c.quantileScore());
        stdout.printf(
                Locale.ROOT,
                "windows %d of %d rows (stride %d at the edge; the package takes %d rows) from %d normal rows, %s .. %s%n",
                req.windowCount(),
                window,
                stride,
                m.windowLength(),
                normal.size(),
                normal.times()[0],
                normal.times()[normal.size() - 1]);
        return pkg;
    }

    private ModelPackage trainRegressor(
            CsvSeries normal, List<String> inputs, Path dir, PrintWriter err, PrintWriter stdout) {
        TrainRequest req = request(normal, inputs);
        CsvSeries targets =
                new CsvSeries(normal.file(), List.of(target), normal.times(), normal.select(List.of(target)));
        targets.requireComplete("the regressor needs a target at every row");
        double[] y = new double[targets.size()];
        for (int r = 0; r < y.length; r++) {
            y[r] = targets.rows()[r][0];
        }
        var config = new RegressorTrainer.Config(
                hidden != null ? hidden : List.of(64, 32),
                epochs,
                64,
                learningRate != null ? learningRate : 0.001,
                members,
                seed,
                Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        err.printf(
                Locale.ROOT,
                "training %d x regressor %s on %d windows of %d rows x %d tags, target %s%n",
                members,
                config.hiddenSizes(),
                req.windowCount(),
                window,
                inputs.size(),
                target);
        err.flush();
        List<Double> losses = new ArrayList<>();
        var result = new RulTrainer(config, progress(err, losses)).train(req, y, rulThreshold, dir);
        stdout.printf(
                Locale.ROOT,
                "loss %.6f -> %.6f (member 0, target / its largest magnitude)%nRMSE %.4g %s on the training"
                        + " windows%n",
                losses.get(0),
                losses.get(losses.size() - 1),
                result.rmse(),
                target);
        stdout.printf(
                Locale.ROOT,
                "threshold %s (given with --rul-threshold: remaining life below it is worth an event)%n",
                rulThreshold);
        stdout.printf(Locale.ROOT, "windows %d of %d rows from %d rows%n", result.windows(), window, normal.size());
        return result.pkg();
    }

    private TrainRequest request(CsvSeries normal, List<String> inputs) {
        CsvSeries selected = new CsvSeries(normal.file(), inputs, normal.times(), normal.select(inputs));
        selected.requireComplete("training needs every input at every row: choose a period without gaps with"
                + " --normal-from/--normal-to");
        return new TrainRequest(
                id,
                version,
                inputs,
                window,
                stride,
                selected.rows(),
                String.format(
                        Locale.ROOT,
                        "%s, %d rows %s .. %s",
                        csv.getFileName(),
                        selected.size(),
                        selected.size() == 0 ? "-" : selected.times()[0],
                        selected.size() == 0 ? "-" : selected.times()[selected.size() - 1]));
    }

    private List<String> inputs(CsvSeries all) {
        if (!columns.isEmpty()) {
            if (target != null && columns.contains(target)) {
                throw new UsageException("--columns " + columns + " holds the --target " + target);
            }
            return columns;
        }
        List<String> inputs = new ArrayList<>(all.columns());
        if (target != null && !inputs.remove(target)) {
            throw new UsageException("--target " + target + " is not a column of " + csv + " " + all.columns());
        }
        return inputs;
    }

    private static TrainingListener progress(PrintWriter err, List<Double> losses) {
        return (epoch, epochs, loss) -> {
            losses.add(loss);
            err.printf(Locale.ROOT, "epoch %d/%d: loss %.6f%n", epoch, epochs, loss);
            err.flush();
        };
    }

    private static Instant time(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + text + "' is not an ISO-8601 instant (2026-03-01T10:00:00Z)");
        }
    }

    private static String percent(double q) {
        return new BigDecimal(Double.toString(q * 100)).stripTrailingZeros().toPlainString();
    }
}
