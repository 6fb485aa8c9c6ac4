package io.vigil.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A time series read from a CSV file: one time column and one numeric column per input tag, rows in time order.
 *
 * <p>The separator is {@code ,} unless the header has {@code ;} and no {@code ,} (SKAB's files). Times are ISO-8601
 * instants ({@code 2026-03-01T10:00:00Z}), local date-times taken as UTC ({@code 2020-03-09 10:14:33}, with a space or
 * a {@code T}), or numbers of seconds since 1970. An empty cell is a missing value ({@code NaN}): replay holds the last
 * value like an agent does, training refuses it. Every other problem is refused with the file, line, column and cell.
 *
 * @param file where the rows came from (for messages)
 * @param columns the value columns' names, in order
 * @param times one per row, non-decreasing
 * @param rows one per time, one value per column ({@code NaN} where the cell was empty)
 */
public record CsvSeries(String file, List<String> columns, Instant[] times, double[][] rows) {
    public CsvSeries {
        columns = List.copyOf(columns);
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(rows, "rows");
        if (times.length != rows.length) {
            throw new IllegalArgumentException(file + ": " + times.length + " times but " + rows.length + " rows");
        }
    }

    /**
     * Reads {@code file}.
     *
     * @param timeColumn the time column's name
     * @param wanted the value columns to keep, in this order; empty for every column but the time
     */
    public static CsvSeries read(Path file, String timeColumn, List<String> wanted) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --csv " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: expected a header line with '" + timeColumn + "'");
        }
        String separator = lines.get(0).contains(";") && !lines.get(0).contains(",") ? ";" : ",";
        List<String> header = Arrays.stream(lines.get(0).split(separator, -1))
                .map(CsvSeries::unquote)
                .toList();
        int timeIndex = header.indexOf(timeColumn);
        if (timeIndex < 0) {
            throw new IllegalArgumentException(
                    file + ": time column '" + timeColumn + "' is not in the header " + header);
        }
        List<String> columns = wanted.isEmpty()
                ? header.stream().filter(c -> !c.equals(timeColumn)).toList()
                : List.copyOf(wanted);
        int[] index = new int[columns.size()];
        for (int c = 0; c < index.length; c++) {
            index[c] = header.indexOf(columns.get(c));
            if (index[c] < 0) {
                throw new IllegalArgumentException(
                        file + ": column '" + columns.get(c) + "' is not in the header " + header);
            }
        }
        List<Instant> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(separator, -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + " has " + cells.length
                        + " cells but the header has " + header.size());
            }
            Instant t = time(file, n + 1, timeColumn, unquote(cells[timeIndex]));
            if (!times.isEmpty() && t.isBefore(times.get(times.size() - 1))) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": time " + t
                        + " is before the row above (" + times.get(times.size() - 1) + "); rows must be in time order");
            }
            double[] row = new double[index.length];
            for (int c = 0; c < index.length; c++) {
                row[c] = value(file, n + 1, columns.get(c), unquote(cells[index[c]]));
            }
            times.add(t);
            rows.add(row);
        }
        return new CsvSeries(file.toString(), columns, times.toArray(Instant[]::new), rows.toArray(double[][]::new));
    }

    /** The rows with {@code from <= time < to}; a null bound is open. */
    public CsvSeries between(Instant from, Instant to) {
        List<Instant> t = new ArrayList<>();
        List<double[]> r = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if ((from == null || !times[i].isBefore(from)) && (to == null || times[i].isBefore(to))) {
                t.add(times[i]);
                r.add(rows[i]);
            }
        }
        return new CsvSeries(file, columns, t.toArray(Instant[]::new), r.toArray(double[][]::new));
    }

    /** The values of {@code names}, in that order, row by row. */
    public double[][] select(List<String> names) {
        int[] index = new int[names.size()];
        for (int c = 0; c < index.length; c++) {
            index[c] = columns.indexOf(names.get(c));
            if (index[c] < 0) {
                throw new IllegalArgumentException(file + ": column '" + names.get(c) + "' is not one of " + columns);
            }
        }
        double[][] out = new double[rows.length][index.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < index.length; c++) {
                out[r][c] = rows[r][index[c]];
            }
        }
        return out;
    }

    /** Fails, naming the first one, when a row of these rows has a missing value. */
    public void requireComplete(String why) {
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (Double.isNaN(rows[r][c])) {
                    throw new IllegalArgumentException(
                            file + ": column '" + columns.get(c) + "' has no value at " + times[r] + "; " + why);
                }
            }
        }
    }

    /** Rows. */
    public int size() {
        return rows.length;
    }

    private static Instant time(Path file, int line, String column, String cell) {
        try {
            if (cell.matches("-?\\d+(\\.\\d+)?")) {
                double seconds = Double.parseDouble(cell);
                long whole = (long) Math.floor(seconds);
                return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
            }
            if (cell.endsWith("Z") || cell.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(cell.replace(' ', 'T')).toInstant();
            }
            return LocalDateTime.parse(cell.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(file + " line " + line + ": " + column + " '" + cell
                    + "' is not a time (ISO-8601 like 2026-03-01T10:00:00Z, or seconds since 1970)");
        }
    }

    private static double value(Path file, int line, String column, String cell) {
        if (cell.isBlank()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(cell.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    file + " line " + line + ": " + column + " '" + cell + "' is not a finite number");
        }
    }

    private static String unquote(String cell) {
        String s = cell.trim();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
