package io.vigil.model.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil fl}: federated learning. */
@Command(
        name = "fl",
        mixinStandardHelpOptions = true,
        description = {
            "Federated learning: agents train on their own data and send weight deltas; the hub aggregates them.",
            "'simulate' runs N agents and the coordinator in one process over the real protocol classes;"
                    + " 'start', 'watch' and 'stop' run live rounds on the hub (--hub). See docs/FEDERATED.md."
        },
        subcommands = {
            SimulateCommand.class,
            RoundCommands.Start.class,
            RoundCommands.Watch.class,
            RoundCommands.Stop.class
        })
public final class FlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
