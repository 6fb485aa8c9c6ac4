package io.vigil.model.backtest;

import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.model.alert.AlertRule;
import io.vigil.model.data.CsvSeries;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import io.vigil.model.window.ReadyWindow;
import io.vigil.model.window.WindowAssembler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replays a CSV through a model package the way a live agent serving it would: each row's values become samples of
 * the input tags at the row's time, {@link WindowAssembler} forms rows and windows on a tick per CSV row (sample-and-hold,
 * stale after three intervals, a window every {@code stride} rows), {@link WindowEncoder} and ONNX Runtime score them in
 * batches, and {@link AlertRule} decides anomalies and events. These are the agent's own classes, so the events
 * printed here are the ones the agent would raise on the same data.
 *
 * <p>The agent ticks on its own clock; here the tick is the row's time, which is what the agent would see if the CSV
 * were the device's values arriving once per interval.
 */
public final class Backtest {
    /** Windows scored per ONNX Runtime run, as a busy agent would batch them. */
    static final int BATCH = 256;

    private final OnnxModel model;
    private final Duration interval;
    private final String asset;

    /**
     * @param interval the device interval the rows stand for (staleness is three of them)
     * @param asset the asset name events carry
     */
    public Backtest(OnnxModel model, Duration interval, String asset) {
        this.model = Objects.requireNonNull(model, "model");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval " + interval + " must be positive");
        }
        this.interval = interval;
        this.asset = Objects.requireNonNull(asset, "asset");
    }

    /**
     * What one CSV row led to.
     *
     * @param time the row's time
     * @param state what the agent did with the row
     * @param score the raw score of the window ending here ({@code NaN} unless scored)
     * @param pNormal the share of normal training windows scoring at least this high ({@code NaN} unless scored or
     *     when the manifest has no calibration)
     * @param anomaly whether the score is above the threshold
     * @param event the event a live agent raises here
     */
    public record Row(
            Instant time, State state, double score, double pNormal, boolean anomaly, Optional<AnomalyEvent> event) {}

    /** What the agent did with a row. */
    public enum State {
        /** A window ended here and was scored. */
        SCORED,
        /** The row went into the ring but ended no window (not yet full, or between strides). */
        FILLING,
        /** No row was formed: an input was missing or older than three intervals. */
        SKIPPED
    }

    /**
     * Counts over the replay.
     *
     * @param rows CSV rows replayed
     * @param windows windows scored
     * @param skipped rows the agent would skip (missing or stale input)
     * @param anomalies windows above the threshold
     * @param events events raised
     */
    public record Summary(long rows, long windows, long skipped, long anomalies, long events) {}

    /** Replays {@code series} (columns named like the model's input tags) and hands each row's outcome to {@code sink}. */
    public Summary run(CsvSeries series, Consumer<Row> sink) {
        ModelManifest m = model.manifest();
        double[][] values = series.select(m.inputTags());
        var assembler = new WindowAssembler(asset, m, interval);
        var alerts = new AlertRule();
        List<Pending> pending = new ArrayList<>();
        List<ReadyWindow> windows = new ArrayList<>();
        long[] counts = new long[5];
        for (int r = 0; r < values.length; r++) {
            Instant t = series.times()[r];
            assembler.accept(samples(m.inputTags(), t, values[r]));
            long skippedBefore = assembler.skippedRows();
            Optional<ReadyWindow> w = assembler.tick(t);
            State state = w.isPresent()
                    ? State.SCORED
                    : assembler.skippedRows() > skippedBefore ? State.SKIPPED : State.FILLING;
            pending.add(new Pending(t, state));
            w.ifPresent(windows::add);
            if (windows.size() == BATCH) {
                flush(pending, windows, alerts, sink, counts);
            }
        }
        flush(pending, windows, alerts, sink, counts);
        return new Summary(values.length, counts[0], counts[1], counts[2], counts[3]);
    }

    private void flush(
            List<Pending> pending, List<ReadyWindow> windows, AlertRule alerts, Consumer<Row> sink, long[] counts) {
        ModelManifest m = model.manifest();
        float[] scores =
                windows.isEmpty() ? new float[0] : model.score(WindowEncoder.encode(windows, m), windows.size());
        Calibration calibration = m.calibration();
        int next = 0;
        for (Pending p : pending) {
            if (p.state() != State.SCORED) {
                counts[1] += p.state() == State.SKIPPED ? 1 : 0;
                sink.accept(new Row(p.time(), p.state(), Double.NaN, Double.NaN, false, Optional.empty()));
                continue;
            }
            double score = AlertRule.reported(scores[next++]);
            boolean anomaly = AlertRule.above(score, m.threshold());
            Optional<AnomalyEvent> event = alerts.observe(m, asset, p.time(), score);
            counts[0]++;
            counts[2] += anomaly ? 1 : 0;
            counts[3] += event.isPresent() ? 1 : 0;
            double p0 = calibration == null ? Double.NaN : calibration.pNormal(score);
            sink.accept(new Row(p.time(), p.state(), score, p0, anomaly, event));
        }
        pending.clear();
        windows.clear();
    }

    /** A missing value sends no sample, so the assembler holds the last one, as it does for a silent device. */
    private static List<Sample> samples(List<String> tags, Instant t, double[] row) {
        List<Sample> samples = new ArrayList<>(tags.size());
        for (int c = 0; c < tags.size(); c++) {
            if (!Double.isNaN(row[c])) {
                samples.add(Sample.good(tags.get(c), t, row[c]));
            }
        }
        return samples;
    }

    /**
     * The median gap between consecutive rows: the device interval a CSV most likely stands for.
     *
     * @throws IllegalArgumentException if fewer than two rows or all rows share one time
     */
    public static Duration medianInterval(CsvSeries series) {
        Instant[] t = series.times();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < t.length; i++) {
            Duration d = Duration.between(t[i - 1], t[i]);
            if (!d.isZero()) {
                gaps.add(d);
            }
        }
        if (gaps.isEmpty()) {
            throw new IllegalArgumentException(
                    series.file() + ": cannot infer the interval from " + t.length + " rows; give --interval");
        }
        gaps.sort(Duration::compareTo);
        return gaps.get(gaps.size() / 2);
    }

    private record Pending(Instant time, State state) {}
}
