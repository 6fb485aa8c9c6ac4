package io.vigil.model.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil model}: work with models; today {@code eval}. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Trains and evaluates Vigil's built-in models.",
        subcommands = {EvalCommand.class})
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
