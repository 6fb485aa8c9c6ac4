package io.vigil.model.train;

import io.vigil.core.sample.Tags;
import java.util.HashSet;
import java.util.List;

/**
 * What to train: normal operating data and the identity of the model to produce.
 *
 * <p>Everything is checked here, before minutes of training, so that a bad request fails in milliseconds with the
 * offending field named.
 *
 * @param id model id ({@code pump-ae})
 * @param version semantic version written to the manifest
 * @param inputTags column names of {@code rows}, in order
 * @param windowLength rows per window
 * @param stride rows between scored windows at the edge (training itself always uses every window)
 * @param rows time-ordered normal data, one row per time step, one column per input tag; copied
 * @param training free text describing the data (source, time range), stored in the manifest
 */
public record TrainRequest(
        String id,
        String version,
        List<String> inputTags,
        int windowLength,
        int stride,
        double[][] rows,
        String training) {
    public TrainRequest {
        Tags.requireValidId("model id", id);
        if (inputTags == null || inputTags.isEmpty() || new HashSet<>(inputTags).size() != inputTags.size()) {
            throw new IllegalArgumentException(
                    "model " + id + ": inputTags " + inputTags + " must be non-empty, unique");
        }
        inputTags = List.copyOf(inputTags);
        if (windowLength < 1 || stride < 1 || stride > windowLength) {
            throw new IllegalArgumentException("model " + id + ": windowLength " + windowLength + " and stride "
                    + stride + " must satisfy 1 <= stride <= windowLength");
        }
        if (rows == null || rows.length < windowLength + 1) {
            throw new IllegalArgumentException("model " + id + ": " + (rows == null ? 0 : rows.length)
                    + " rows are too few for windows of " + windowLength + " (need at least " + (windowLength + 1)
                    + ")");
        }
        rows = copy(id, rows, inputTags.size());
        training = training == null ? "" : training;
    }

    /** Number of training windows (stride 1). */
    public int windowCount() {
        return rows.length - windowLength + 1;
    }

    private static double[][] copy(String id, double[][] rows, int width) {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != width) {
                throw new IllegalArgumentException("model " + id + ": row " + r + " has "
                        + (rows[r] == null ? "no" : rows[r].length) + " values but there are " + width + " inputTags");
            }
            for (int c = 0; c < width; c++) {
                if (!Double.isFinite(rows[r][c])) {
                    throw new IllegalArgumentException(
                            "model " + id + ": row " + r + " column " + c + " is " + rows[r][c]);
                }
            }
            copy[r] = rows[r].clone();
        }
        return copy;
    }
}
