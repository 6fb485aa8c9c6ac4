package io.vigil.model.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads NASA C-MAPSS FD001: {@code train_FD001.txt} (run to failure), {@code test_FD001.txt} (cut before failure) and
 * {@code RUL_FD001.txt} (the true remaining life after each test series). Space separated, no header: unit, cycle,
 * three operating settings, sensors s1..s21.
 *
 * <p>Only the 14 sensors that vary in FD001 are kept ({@link #TAGS}); the operating settings (one flight condition in
 * FD001) and sensors s1, s5, s6, s10, s16, s18, s19 are constant up to noise and carry nothing.
 */
public final class CmapssData {
    /** The kept sensors as tag ids, in file order: s2 s3 s4 s7 s8 s9 s11 s12 s13 s14 s15 s17 s20 s21. */
    public static final List<String> TAGS = List.of(
            "t24", "t30", "t50", "p30", "nf", "nc", "ps30", "phi", "nrf", "nrc", "bpr", "htbleed", "w31", "w32");

    private static final int[] SENSORS = {2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21};
    private static final int COLUMNS = 26;

    private CmapssData() {}

    /**
     * One engine's series.
     *
     * @param unit engine number
     * @param rows one row per cycle, the {@link #TAGS} in order
     * @param cycles the cycle number of each row (1 at the first flight)
     */
    public record Engine(int unit, double[][] rows, int[] cycles) {}

    /**
     * The data set.
     *
     * @param train run-to-failure series
     * @param test series cut before failure
     * @param testRul true remaining cycles after the last row of each test series
     */
    public record Fd001(List<Engine> train, List<Engine> test, int[] testRul) {
        public Fd001 {
            if (test.size() != testRul.length) {
                throw new IllegalArgumentException(test.size() + " test engines but " + testRul.length + " RUL values");
            }
        }
    }

    /** Reads the three files from {@code dir}. */
    public static Fd001 load(Path dir) {
        List<Engine> train = engines(dir.resolve("train_FD001.txt"));
        List<Engine> test = engines(dir.resolve("test_FD001.txt"));
        List<String> rul = lines(dir.resolve("RUL_FD001.txt"));
        int[] testRul = rul.stream().mapToInt(l -> Integer.parseInt(l.trim())).toArray();
        return new Fd001(train, test, testRul);
    }

    private static List<Engine> engines(Path file) {
        List<Engine> engines = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Integer> cycles = new ArrayList<>();
        int unit = -1;
        int n = 0;
        for (String line : lines(file)) {
            n++;
            String[] cells = line.trim().split("\\s+");
            if (cells.length < COLUMNS) {
                throw new IllegalArgumentException(
                        file + " line " + n + " has " + cells.length + " columns, expected " + COLUMNS);
            }
            int u = Integer.parseInt(cells[0]);
            if (u != unit && !rows.isEmpty()) {
                engines.add(engine(unit, rows, cycles));
                rows.clear();
                cycles.clear();
            }
            unit = u;
            double[] row = new double[SENSORS.length];
            for (int k = 0; k < SENSORS.length; k++) {
                row[k] = Double.parseDouble(cells[4 + SENSORS[k]]);
            }
            rows.add(row);
            cycles.add(Integer.parseInt(cells[1]));
        }
        if (!rows.isEmpty()) {
            engines.add(engine(unit, rows, cycles));
        }
        return engines;
    }

    private static Engine engine(int unit, List<double[]> rows, List<Integer> cycles) {
        return new Engine(
                unit,
                rows.toArray(double[][]::new),
                cycles.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
