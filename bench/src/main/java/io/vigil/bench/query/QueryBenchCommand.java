package io.vigil.bench.query;

import io.vigil.bench.BenchRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench query}: history query latency at step 1 min, from the rollups against the raw samples. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Starts a hub in this process (embedded PostgreSQL in a temporary directory), loads --hours of 1 Hz"
                    + " samples for --series series by binary COPY, runs the rollup job until it has caught up, then"
                    + " times one-series queries over the whole loaded range at step 1 min with avg: through the REST"
                    + " API (rollups), through the hub's query layer (rollups), and through it forced to the raw"
                    + " samples.",
            "Progress goes to stderr; the figures are printed at the end (with --json: as one JSON object, the last"
                    + " line of stdout)."
        })
public final class QueryBenchCommand extends BenchRun {
    @Option(
            names = "--series",
            description =
                    "Series loaded, all at 1 Hz (1000 x 24 h = 86.4M rows takes about 40 min to load on a busy 2-core machine).",
            defaultValue = "100")
    int series;

    @Option(
            names = "--hours",
            description = "Hours of data loaded per series (the queried range).",
            defaultValue = "24")
    int hours;

    @Option(names = "--queries", description = "Timed queries per path, each of a random series.", defaultValue = "200")
    int queries;

    @Option(names = "--warmup", description = "Untimed queries per path first.", defaultValue = "20")
    int warmup;

    @Option(
            names = "--data-dir",
            description = "Directory for the embedded PostgreSQL, must be new (default: a temporary directory,"
                    + " removed afterwards).")
    Path dataDir;

    private QueryBench.Settings settings;

    @Override
    protected void check() {
        settings = new QueryBench.Settings(series, hours, queries, warmup, Optional.ofNullable(dataDir));
    }

    @Override
    protected Map<String, Object> measure(PrintStream progress) throws Exception {
        return new QueryBench(settings, progress).run();
    }
}
