package io.vigil.model.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil model}: evaluate built-in models and drive the hub's model registry. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Trains Vigil's built-in models on a CSV (train), packages any exporter's ONNX graph (package), backtests a"
                    + " package offline as an agent would serve it (score), evaluates the built-in models on public"
                    + " benchmarks (eval), and works with the hub's model registry (push, list, shadow, canary,"
                    + " promote, rollback, decisions).",
            "Make a demo candidate with 'vigil demo candidate'."
        },
        subcommands = {
            TrainCommand.class,
            ScoreCommand.class,
            PackageCommand.class,
            EvalCommand.class,
            PushCommand.class,
            StageCommands.ListModels.class,
            StageCommands.Shadow.class,
            StageCommands.Canary.class,
            StageCommands.Promote.class,
            StageCommands.Rollback.class,
            StageCommands.Decisions.class
        })
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
