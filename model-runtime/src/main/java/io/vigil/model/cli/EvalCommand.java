package io.vigil.model.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil model eval}: the public benchmarks, one subcommand each. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a built-in model on a public data set, exports it to ONNX and scores it with ONNX Runtime under"
                    + " the data set's published protocol.",
            "Progress goes to stderr; with --json the last line on stdout is one JSON object with the figures."
        },
        subcommands = {SkabEvalCommand.class, CmapssEvalCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
