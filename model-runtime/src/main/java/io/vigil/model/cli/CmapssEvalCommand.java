package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.model.eval.CmapssData;
import io.vigil.model.eval.CmapssEvaluation;
import io.vigil.model.eval.CmapssEvaluation.Figures;
import io.vigil.model.train.RegressorTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil model eval cmapss}: remaining useful life on NASA C-MAPSS FD001. */
@Command(
        name = "cmapss",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "C-MAPSS FD001 protocol: train on train_FD001 with the RUL capped (piecewise linear), predict the RUL at"
                    + " the last cycle of each test engine, RMSE against RUL_FD001 and the PHM08 score.",
            "An ensemble of MLPs trained in Java on window summaries, exported to ONNX (summaries folded into the"
                    + " first layer) and scored by ONNX Runtime. See docs/MODELS.md."
        })
public final class CmapssEvalCommand extends ProtocolEvalCommand<Figures> {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Directory with train_FD001.txt, test_FD001.txt and RUL_FD001.txt.")
    Path data = Path.of("../shared/data/cmapss-fd001");

    @Option(names = "--window", description = "Cycles per window.")
    int window = 30;

    @Option(names = "--recent", description = "Cycles of the 'current level' summary at the end of the window.")
    int recent = 3;

    @Option(names = "--cap", description = "RUL cap of the piecewise-linear training target, in cycles.")
    int cap = 125;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths of each member, input side first.")
    List<Integer> hidden = List.of(64, 32);

    @Option(names = "--epochs", description = "Training epochs per member.")
    int epochs = 30;

    @Option(names = "--batch", description = "Windows per Adam step.")
    int batch = 64;

    @Option(names = "--learning-rate", description = "Adam step size at the first epoch (cosine decay to 5 %).")
    double learningRate = 0.001;

    @Option(names = "--members", description = "Networks in the ensemble; the graph outputs their mean.")
    int members = 5;

    @Option(names = "--seed", description = "Seed of member 0; member m uses seed + m.")
    long seed = 42;

    @Option(names = "--threads", description = "Members trained at the same time.")
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    @Override
    void checkData() {
        if (!Files.isRegularFile(data.resolve("train_FD001.txt"))) {
            throw new UsageException("--data " + data + " has no train_FD001.txt (C-MAPSS FD001 directory)");
        }
    }

    @Override
    Outcome<Figures> evaluate(Consumer<String> progress) {
        CmapssEvaluation.Config config = config(() -> new CmapssEvaluation.Config(
                window,
                recent,
                cap,
                new RegressorTrainer.Config(hidden, epochs, batch, learningRate, members, seed, threads),
                int8));
        var result = new CmapssEvaluation(config, progress).run(CmapssData.load(data));
        return new Outcome<>(
                result.fp32(),
                result.int8(),
                "engines",
                result.testEngines(),
                result.testEngines() + " test engines, " + result.trainWindows() + " training windows");
    }

    @Override
    Map<String, Object> figures(Figures f) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rmse", Jsons.round(f.rmse(), 3));
        map.put("phm08", Jsons.round(f.phm08(), 1));
        map.put("model_bytes", f.modelBytes());
        return map;
    }

    @Override
    String summary(String name, Figures f) {
        return String.format(
                Locale.ROOT,
                "%s: RMSE %.2f  PHM08 %.1f  (model %d bytes; ONNX Runtime vs Java within %.2g cycles)",
                name,
                f.rmse(),
                f.phm08(),
                f.modelBytes(),
                f.maxJavaDifference());
    }
}
