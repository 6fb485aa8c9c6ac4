package io.vigil.model.window;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the samples of one asset into the windows one model scores.
 *
 * <p>Devices deliver values at their own pace (a Modbus poll, an OPC UA change notification), but a model wants a
 * regular grid of rows. So the assembler holds the latest sample of each input tag (sample-and-hold) and forms a row
 * on every {@link #tick}, which the agent calls once per device interval. A row is skipped, and counted, when an input
 * is missing, {@link Quality#BAD}, or older than three intervals: holding a dead value would let a stopped device
 * look perfectly normal. Rows go into a ring of {@code windowLength}; once it is full a window is ready every
 * {@code stride} rows.
 *
 * <p>Thread-safe: devices call {@link #accept} from their threads, the agent's scheduler calls {@link #tick}.
 */
public final class WindowAssembler {
    private static final int STALE_INTERVALS = 3;

    private final String asset;
    private final String model;
    private final List<String> inputTags;
    private final int stride;
    private final Duration maxAge;
    private final Map<String, Sample> latest = new HashMap<>();
    private final double[][] ring;
    private int next;
    private int filled;
    private int rowsSinceWindow;
    private long rows;
    private long skipped;

    public WindowAssembler(String asset, ModelManifest manifest, Duration interval) {
        this.asset = asset;
        this.model = manifest.id();
        this.inputTags = manifest.inputTags();
        this.stride = manifest.stride();
        this.maxAge = interval.multipliedBy(STALE_INTERVALS);
        this.ring = new double[manifest.windowLength()][];
    }

    /**
     * Remembers the samples of this model's input tags; other tags, and text (the config never lets a model take a
     * string tag), are ignored.
     */
    public synchronized void accept(List<Sample> samples) {
        for (Sample s : samples) {
            if (!s.isText() && inputTags.contains(s.tag())) {
                Sample old = latest.get(s.tag());
                if (old == null || !s.time().isBefore(old.time())) {
                    latest.put(s.tag(), s);
                }
            }
        }
    }

    /** Forms the row for {@code now}; returns a window when this row completes one. */
    public synchronized Optional<ReadyWindow> tick(Instant now) {
        double[] row = row(now);
        if (row == null) {
            skipped++;
            return Optional.empty();
        }
        rows++;
        ring[next] = row;
        next = (next + 1) % ring.length;
        filled = Math.min(filled + 1, ring.length);
        rowsSinceWindow++;
        if (filled < ring.length || rowsSinceWindow < stride) {
            return Optional.empty();
        }
        rowsSinceWindow = 0;
        return Optional.of(new ReadyWindow(asset, model, now, oldestFirst()));
    }

    public synchronized long rows() {
        return rows;
    }

    public synchronized long skippedRows() {
        return skipped;
    }

    public String asset() {
        return asset;
    }

    public String model() {
        return model;
    }

    private double[] row(Instant now) {
        double[] row = new double[inputTags.size()];
        for (int i = 0; i < row.length; i++) {
            Sample s = latest.get(inputTags.get(i));
            if (s == null || s.quality() == Quality.BAD || s.time().plus(maxAge).isBefore(now)) {
                return null;
            }
            row[i] = s.value();
        }
        return row;
    }

    private double[][] oldestFirst() {
        double[][] out = new double[ring.length][];
        for (int i = 0; i < ring.length; i++) {
            out[i] = ring[(next + i) % ring.length];
        }
        return out;
    }
}
