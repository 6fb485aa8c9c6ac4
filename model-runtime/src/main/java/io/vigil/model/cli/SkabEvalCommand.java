package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.model.eval.Confusion;
import io.vigil.model.eval.SkabData;
import io.vigil.model.eval.SkabEvaluation;
import io.vigil.model.eval.SkabEvaluation.Figures;
import io.vigil.model.train.AutoencoderTrainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
public final class SkabEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "SKAB's data/ directory (valve1, valve2, other).")
    Path data = Path.of("../shared/data/skab");

    @Option(names = "--int8", description = "Also export the network with int8 weights and report both.")
    boolean int8;

    @Option(names = "--json", description = "Print the figures as one JSON object on the last stdout line.")
    boolean json;

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
    public Integer call() {
        if (!Files.isDirectory(data)) {
            throw new UsageException("--data " + data + " is not a directory (SKAB's data/ folder)");
        }
        SkabEvaluation.Config config;
        try {
            config = new SkabEvaluation.Config(
                    window,
                    new AutoencoderTrainer.Config(hidden, epochs, 64, learningRate, seed, 0.995, 1.0, centered),
                    quantile,
                    margin,
                    smoothing,
                    int8);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        var result = new SkabEvaluation(config, line -> {
                    err.println(line);
                    err.flush();
                })
                .run(SkabData.load(data));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary("fp32", result.fp32()));
        if (result.int8() != null) {
            out.println(summary("int8", result.int8()));
        }
        out.println("experiments " + result.experiments() + ", " + seconds + " s");
        if (json) {
            out.println(Jsons.line(json(result, seconds)));
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(SkabEvaluation.Result result, long seconds) {
        Figures served = result.int8() != null ? result.int8() : result.fp32();
        Map<String, Object> map = new LinkedHashMap<>(figures(served));
        map.put("quantized", result.int8() != null);
        if (result.int8() != null) {
            map.put("fp32", figures(result.fp32()));
            map.put("int8", figures(result.int8()));
        }
        map.put("experiments", result.experiments());
        map.put("seconds", seconds);
        return map;
    }

    private static Map<String, Object> figures(Figures f) {
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
        map.put("model_bytes", f.modelBytes());
        return map;
    }

    private static String summary(String name, Figures f) {
        Confusion c = f.confusion();
        return String.format(
                Locale.ROOT,
                "%s: F1 %.3f  FAR %.1f %%  MAR %.1f %%  precision %.3f  recall %.3f  (model %d bytes)",
                name,
                c.f1(),
                c.far(),
                c.mar(),
                c.precision(),
                c.recall(),
                f.modelBytes());
    }
}
