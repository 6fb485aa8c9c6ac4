package io.vigil.model.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the labelled SKAB experiments: {@code valve1/*.csv}, {@code valve2/*.csv} and {@code other/*.csv} under the
 * data directory, each {@code ;}-separated with a header, the eight signals in columns 2 to 9 and the point label in
 * {@code anomaly}. {@code anomaly-free/} is not part of the leaderboard protocol and is not read.
 */
public final class SkabData {
    /** The leaderboard's folders, in its order. */
    public static final List<String> FOLDERS = List.of("valve1", "valve2", "other");

    /**
     * The eight signals as the tag ids of {@code vigil sim}'s pumps, in file order: Accelerometer1RMS,
     * Accelerometer2RMS, Current, Pressure, Temperature (motor), Thermocouple (fluid), Voltage, Volume Flow RateRMS.
     */
    public static final List<String> TAGS =
            List.of("vibration1", "vibration2", "current", "pressure", "motor_temp", "fluid_temp", "voltage", "flow");

    private SkabData() {}

    /**
     * One experiment.
     *
     * @param name {@code folder/file}, e.g. {@code valve1/0}
     * @param rows one row per second, the eight signals in {@link #TAGS} order
     * @param anomaly the point labels
     */
    public record Experiment(String name, double[][] rows, boolean[] anomaly) {
        public Experiment {
            if (rows.length != anomaly.length) {
                throw new IllegalArgumentException(
                        name + ": " + rows.length + " rows but " + anomaly.length + " labels");
            }
        }
    }

    /** All labelled experiments under {@code dir}, folder by folder, files in numeric order. */
    public static List<Experiment> load(Path dir) {
        List<Experiment> experiments = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path sub = dir.resolve(folder);
            if (!Files.isDirectory(sub)) {
                throw new IllegalArgumentException("SKAB data directory " + dir + " has no folder " + folder);
            }
            for (Path csv : csvFiles(sub)) {
                experiments.add(read(folder, csv));
            }
        }
        return experiments;
    }

    private static List<Path> csvFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted(Comparator.comparingInt(SkabData::fileNumber))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static int fileNumber(Path csv) {
        String name = csv.getFileName().toString();
        try {
            return Integer.parseInt(name.substring(0, name.length() - 4));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static Experiment read(String folder, Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        String file = csv.getFileName().toString();
        String name = folder + "/" + file.substring(0, file.length() - 4);
        int n = lines.size() - 1;
        double[][] rows = new double[n][];
        boolean[] anomaly = new boolean[n];
        for (int r = 0; r < n; r++) {
            String[] cells = lines.get(r + 1).split(";");
            if (cells.length < 10) {
                throw new IllegalArgumentException(csv + " line " + (r + 2) + " has " + cells.length
                        + " columns, expected 11 (datetime, 8 signals, anomaly, changepoint)");
            }
            double[] row = new double[TAGS.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = parse(csv, r, cells[c + 1]);
            }
            rows[r] = row;
            anomaly[r] = parse(csv, r, cells[9]) > 0.5;
        }
        return new Experiment(name, rows, anomaly);
    }

    private static double parse(Path csv, int r, String cell) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + " line " + (r + 2) + ": '" + cell + "' is not a number");
        }
    }
}
