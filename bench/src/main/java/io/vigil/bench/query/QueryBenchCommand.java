package io.vigil.bench.query;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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
public final class QueryBenchCommand implements Callable<Integer> {
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

    @Option(names = "--json", description = "Print the figures as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        QueryBench.Settings settings;
        try {
            settings = new QueryBench.Settings(series, hours, queries, warmup, Optional.ofNullable(dataDir));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        var figures = new QueryBench(settings, System.err).run();
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(figures));
        } else {
            figures.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
        }
        System.out.flush();
        return ExitCodes.OK;
    }
}
