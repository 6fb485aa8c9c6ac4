package io.vigil.bench;

import io.vigil.bench.inference.HotswapBenchCommand;
import io.vigil.bench.inference.InferenceBenchCommand;
import io.vigil.bench.inference.InferenceJmhCommand;
import io.vigil.bench.ingest.IngestBenchCommand;
import io.vigil.bench.protocol.ModbusPollBenchCommand;
import io.vigil.bench.protocol.OpcUaSubscribeBenchCommand;
import io.vigil.bench.protocol.ScanBenchCommand;
import io.vigil.bench.query.QueryBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil bench}: the group of benchmarks and load generators. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Benchmarks and load generators. Each prints its figures; with --json as the last line."},
        subcommands = {
            IngestBenchCommand.class,
            InferenceBenchCommand.class,
            InferenceJmhCommand.class,
            HotswapBenchCommand.class,
            QueryBenchCommand.class,
            ModbusPollBenchCommand.class,
            OpcUaSubscribeBenchCommand.class,
            ScanBenchCommand.class
        })
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
