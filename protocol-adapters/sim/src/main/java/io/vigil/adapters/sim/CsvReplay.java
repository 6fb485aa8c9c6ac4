package io.vigil.adapters.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded pump run to replay instead of the synthetic model, in SKAB's CSV format: {@code ';'}-separated, one
 * header row, one row per second, the eight signal columns named as in SKAB ({@link PumpTags#skabColumns()}) in any
 * order, and optionally an {@code anomaly} column (0/1) whose runs of 1 become {@link FaultKind#REPLAYED} intervals.
 * Other columns ({@code datetime}, {@code changepoint}) are ignored.
 *
 * <p>Row {@code i} shows during plant second {@code i}; the file loops at its end. The whole file is read at once
 * (SKAB files are 1,000-10,000 rows) so a malformed row stops the simulator before it binds any port.
 */
public final class CsvReplay {
    private static final String SEPARATOR = ";";
    private static final String ANOMALY = "anomaly";

    private final Path file;
    private final List<PumpReading> rows;
    private final List<int[]> anomalies;

    private CsvReplay(Path file, List<PumpReading> rows, List<int[]> anomalies) {
        this.file = file;
        this.rows = List.copyOf(rows);
        this.anomalies = List.copyOf(anomalies);
    }

    /**
     * Reads a whole file; a malformed row fails with an {@link IllegalArgumentException} naming the file and the line
     * (1-based, the header is line 1), an unreadable file with an {@link UncheckedIOException} naming it.
     */
    public static CsvReplay read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("replay file " + file + " is empty; expected a SKAB header row");
        }
        Header header = Header.parse(file, lines.get(0));
        var rows = new ArrayList<PumpReading>(lines.size());
        var flags = new ArrayList<Boolean>(lines.size());
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (!line.isBlank()) {
                String[] fields = line.split(SEPARATOR, -1);
                rows.add(header.reading(file, n + 1, fields));
                flags.add(header.anomalous(file, n + 1, fields));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("replay file " + file + " has a header but no data rows");
        }
        return new CsvReplay(file, rows, runs(flags));
    }

    public Path file() {
        return file;
    }

    /** Data rows, i.e. plant seconds before the file loops. */
    public int rows() {
        return rows.size();
    }

    public PumpReading row(int index) {
        return rows.get(index);
    }

    /** The labelled anomalies as row ranges {@code [from, to)}. */
    public List<int[]> anomalyRows() {
        return anomalies.stream().map(int[]::clone).toList();
    }

    /** A cursor that starts {@code offsetRows} into the file, so two pumps replaying one file do not move in step. */
    SignalSource source(int offsetRows) {
        return new Cursor(Math.floorMod(offsetRows, rows.size()));
    }

    private final class Cursor implements SignalSource {
        private final int offset;

        Cursor(int offset) {
            this.offset = offset;
        }

        @Override
        public PumpReading sample(Duration plantTime) {
            long second = Math.floorDiv(plantTime.toNanos(), 1_000_000_000L);
            return rows.get((int) Math.floorMod(second + offset, (long) rows.size()));
        }

        @Override
        public List<PlantInterval> faults(Duration horizon) {
            var out = new ArrayList<PlantInterval>();
            long n = rows.size();
            long horizonS = Math.max(0, (horizon.toNanos() + 999_999_999L) / 1_000_000_000L);
            for (long loop = 0; loop * n - offset < horizonS; loop++) {
                for (int[] run : anomalies) {
                    long start = Math.max(0, run[0] - offset + loop * n);
                    long end = run[1] - offset + loop * n;
                    if (end > start && Duration.ofSeconds(start).compareTo(horizon) < 0) {
                        out.add(new PlantInterval(
                                FaultKind.REPLAYED, Duration.ofSeconds(start), Duration.ofSeconds(end)));
                    }
                }
            }
            return out;
        }
    }

    private static List<int[]> runs(List<Boolean> flags) {
        var runs = new ArrayList<int[]>();
        int from = -1;
        for (int i = 0; i <= flags.size(); i++) {
            boolean on = i < flags.size() && flags.get(i);
            if (on && from < 0) {
                from = i;
            } else if (!on && from >= 0) {
                runs.add(new int[] {from, i});
                from = -1;
            }
        }
        return runs;
    }

    /** Where each signal sits in a row; found by name, since SKAB's files agree on names, not on positions. */
    private record Header(int[] signals, int anomaly, int width) {
        static Header parse(Path file, String line) {
            List<String> names = List.of(line.strip().replace("\uFEFF", "").split(SEPARATOR, -1)).stream()
                    .map(String::strip)
                    .toList();
            int[] signals = new int[PumpTags.skabColumns().size()];
            for (int i = 0; i < signals.length; i++) {
                String column = PumpTags.skabColumns().get(i);
                signals[i] = names.indexOf(column);
                if (signals[i] < 0) {
                    throw new IllegalArgumentException("replay file " + file + " line 1: no column '" + column
                            + "' in the header; expected SKAB's columns " + PumpTags.skabColumns()
                            + " separated by '" + SEPARATOR + "'");
                }
            }
            return new Header(signals, names.indexOf(ANOMALY), names.size());
        }

        PumpReading reading(Path file, int line, String[] fields) {
            if (fields.length != width) {
                throw new IllegalArgumentException("replay file " + file + " line " + line + ": expected " + width
                        + " fields separated by '" + SEPARATOR + "', found " + fields.length);
            }
            double[] values = new double[signals.length];
            for (int i = 0; i < signals.length; i++) {
                values[i] = number(file, line, PumpTags.skabColumns().get(i), fields[signals[i]]);
            }
            return PumpReading.of(values);
        }

        boolean anomalous(Path file, int line, String[] fields) {
            return anomaly >= 0 && number(file, line, ANOMALY, fields[anomaly]) != 0.0;
        }

        private static double number(Path file, int line, String column, String text) {
            try {
                double value = Double.parseDouble(text.strip());
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("replay file " + file + " line " + line + ": column '" + column
                    + "' holds '" + text + "', not a finite number");
        }
    }
}
