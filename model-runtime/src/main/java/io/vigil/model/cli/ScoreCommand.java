package io.vigil.model.cli;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.UsageException;
import io.vigil.model.backtest.Backtest;
import io.vigil.model.data.CsvSeries;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil model score}: backtests a package on a CSV offline, with the agent's own classes. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Backtests a model package on a CSV before it is pushed: the rows are replayed through the edge agent's own"
                    + " window assembly (sample-and-hold, rows skipped when an input is missing for three intervals),"
                    + " the package's graph in ONNX Runtime, its threshold and the agent's alert rule (one event per"
                    + " rise above the threshold).",
            "Writes one CSV line per input row: time, state (scored, filling, skipped), score (raw), p_normal (the"
                    + " share of normal training windows that scored at least as high; empty when the manifest has no"
                    + " calibration), anomaly (score > threshold) and event (1 where a live agent raises one).",
            "A summary goes to stderr. The CSV needs a time column and one column per input tag of the manifest."
        })
public final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PACKAGE", description = "The package directory (manifest.json + model.onnx).")
    Path pkg;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The rows to replay.")
    Path csv;

    @Option(names = "--time-column", paramLabel = "NAME", description = "The CSV's time column.")
    String timeColumn = "time";

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "The device interval the rows stand for (500ms, 1s, 1m); inputs older than three intervals"
                    + " make the agent skip a row. Default: the median gap between rows.")
    Duration interval;

    @Option(names = "--asset", paramLabel = "ID", description = "The asset name events carry.")
    String asset = "asset";

    @Option(names = "--out", paramLabel = "FILE", description = "Write the rows here instead of stdout.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(pkg)) {
            throw new UsageException("PACKAGE " + pkg + " is not a package directory");
        }
        if (!Files.isRegularFile(csv)) {
            throw new UsageException("--csv " + csv + " is not a file");
        }
        ModelPackage read = ModelPackage.read(pkg);
        CsvSeries series;
        try {
            series = CsvSeries.read(csv, timeColumn, read.manifest().inputTags());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Duration step = interval != null ? interval : Backtest.medianInterval(series);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter rows = out == null
                ? spec.commandLine().getOut()
                : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
        try (OnnxModel model = OnnxModel.load(read, 1)) {
            rows.println("time,state,score,p_normal,anomaly,event");
            var summary = new Backtest(model, step, asset).run(series, r -> rows.println(line(r)));
            rows.flush();
            err.printf(
                    Locale.ROOT,
                    "%s on %s: %d rows (interval %s), %d windows scored, %d rows skipped, %d anomalous windows,"
                            + " %d events (threshold %s%s)%n",
                    model.manifest().ref(),
                    csv,
                    summary.rows(),
                    step,
                    summary.windows(),
                    summary.skipped(),
                    summary.anomalies(),
                    summary.events(),
                    model.manifest().threshold(),
                    model.manifest().calibration() == null ? ", no calibration in the manifest" : "");
            err.flush();
        } finally {
            if (out != null) {
                rows.close();
            }
        }
        return 0;
    }

    private static String line(Backtest.Row r) {
        return String.join(
                ",",
                List.of(
                        r.time().toString(),
                        r.state().name().toLowerCase(Locale.ROOT),
                        Double.isNaN(r.score()) ? "" : Double.toString(r.score()),
                        Double.isNaN(r.pNormal()) ? "" : String.format(Locale.ROOT, "%.6g", r.pNormal()),
                        r.anomaly() ? "1" : "0",
                        r.event().isPresent() ? "1" : "0"));
    }
}
