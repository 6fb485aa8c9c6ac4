package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.model.eval.Confusion;
import io.vigil.model.eval.SkabData;
import io.vigil.model.eval.SkabEvaluation;
import io.vigil.model.eval.SkabEvaluation.Figures;
import io.vigil.model.train.AutoencoderTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil model eval skab}: the SKAB outlier leaderboard protocol on the per-experiment autoencoder. */
@Command(
        name = "skab",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "SKAB leaderboard protocol: per experiment the first 400 rows train, the rest test; standard scaler fitted"
                    + " on the training part; pointwise TP/FP/TN/FN summed over the 34 labelled experiments"
                    + " (valve1, valve2, other).",
            "One autoencoder per experiment, trained in Java, exported to ONNX and scored by ONNX Runtime; the"
                    + " threshold comes from the training part only. See docs/MODELS.md."
        })
public final class SkabEvalCommand extends ProtocolEvalCommand<Figures> {
    @Option(names = "--data", paramLabel = "DIR", description = "SKAB's data/ directory (valve1, valve2, other).")
    Path data = Path.of("../shared/data/skab");

    @Option(
            names = "--packages",
            paramLabel = "DIR",
            description = "Keep each experiment's served package in DIR/<folder>-<file>/fp32 (and int8), with the"
                    + " threshold the figures were counted with in its manifest (default: a temporary directory).")
    Path packages;

    @Option(names = "--window", description = "Rows (seconds) per window.")
    int window = 10;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths, input side first.")
    List<Integer> hidden = List.of(32, 8, 32);

    @Option(names = "--epochs", description = "Training epochs per experiment.")
    int epochs = 30;

    @Option(names = "--learning-rate", description = "Adam step size.")
    double learningRate = 0.003;

    @Option(names = "--seed", description = "Seed of weights and shuffling.")
    long seed = 42;

    @Option(names = "--quantile", description = "Quantile of the smoothed training scores the threshold starts from.")
    double quantile = 0.99;

    @Option(names = "--margin", description = "Threshold = margin x that quantile.")
    double margin = 1.3;

    @Option(
            names = "--centered",
            split = ",",
            description = "Tags whose mean over each window is removed before the network sees it (slow, drifting"
                    + " signals).")
    List<String> centered = List.of("motor_temp", "fluid_temp");

    @Option(names = "--smoothing", description = "Points of the causal moving average over the scores.")
    int smoothing = 15;

    @Override
    void checkData() {
        if (!Files.isDirectory(data)) {
            throw new UsageException("--data " + data + " is not a directory (SKAB's data/ folder)");
        }
    }

    @Override
    Outcome<Figures> evaluate(Consumer<String> progress) {
        SkabEvaluation.Config config = config(() -> new SkabEvaluation.Config(
                window,
                new AutoencoderTrainer.Config(hidden, epochs, 64, learningRate, seed, 0.995, 1.0, centered),
                quantile,
                margin,
                smoothing,
                int8));
        var evaluation = new SkabEvaluation(config, progress);
        var experiments = SkabData.load(data);
        var result = packages == null ? evaluation.run(experiments) : evaluation.run(experiments, packages);
        return new Outcome<>(
                result.fp32(),
                result.int8(),
                "experiments",
                result.experiments(),
                "experiments " + result.experiments());
    }

    @Override
    Map<String, Object> figures(Figures f) {
        Confusion c = f.confusion();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("f1", Jsons.round(c.f1(), 4));
        map.put("far", Jsons.round(c.far(), 2));
        map.put("mar", Jsons.round(c.mar(), 2));
        map.put("precision", Jsons.round(c.precision(), 4));
        map.put("recall", Jsons.round(c.recall(), 4));
        map.put("tp", c.tp());
        map.put("fp", c.fp());
        map.put("tn", c.tn());
        map.put("fn", c.fn());
        map.put("events", f.alarms().events());
        map.put("false_events", f.alarms().falseEvents());
        map.put("anomalies", f.alarms().anomalies());
        map.put("anomalies_detected", f.alarms().detected());
        map.put("model_bytes", f.modelBytes());
        return map;
    }

    @Override
    String summary(String name, Figures f) {
        Confusion c = f.confusion();
        return String.format(
                Locale.ROOT,
                "%s: F1 %.3f  FAR %.1f %%  MAR %.1f %%  precision %.3f  recall %.3f  (model %d bytes); as events: %d"
                        + " raised, %d on normal rows, %d of %d labelled anomalies alarmed",
                name,
                c.f1(),
                c.far(),
                c.mar(),
                c.precision(),
                c.recall(),
                f.modelBytes(),
                f.alarms().events(),
                f.alarms().falseEvents(),
                f.alarms().detected(),
                f.alarms().anomalies());
    }
}
