package io.vigil.model.onnx;

import java.util.Arrays;

/**
 * Removes, per window, the mean of some tags over the window's rows, before the network sees the window.
 *
 * <p>For slow signals such as temperatures, the level drifts over an hour for reasons that are not faults (the motor
 * warms up, the fluid follows the room), and a model trained on the first minutes of a run flags every later window.
 * Centering those tags inside each window keeps their shape over the window (a sudden jump still shows) and drops
 * their level. It is linear, so the graph computes it with {@code Reshape -> ReduceMean -> Mul(mask) -> Sub}, and the
 * anomaly score compares the reconstruction with the centered window.
 *
 * @param windowLength rows per window
 * @param tags values per row
 * @param centered one flag per tag: {@code true} to remove that tag's window mean
 */
public record WindowCentering(int windowLength, int tags, boolean[] centered) {
    public WindowCentering {
        if (windowLength < 1 || tags < 1) {
            throw new IllegalArgumentException(
                    "window centering: windowLength " + windowLength + " and tags " + tags + " must be >= 1");
        }
        if (centered == null || centered.length != tags) {
            throw new IllegalArgumentException("window centering: centered has "
                    + (centered == null ? "no" : centered.length) + " flags for " + tags + " tags");
        }
        centered = centered.clone();
    }

    /** Centering that changes nothing, for a window of {@code windowLength * tags} floats. */
    public static WindowCentering none(int windowLength, int tags) {
        return new WindowCentering(windowLength, tags, new boolean[tags]);
    }

    @Override
    public boolean[] centered() {
        return centered.clone();
    }

    /** Whether any tag is centered (otherwise the graph leaves the input as it is). */
    public boolean active() {
        for (boolean c : centered) {
            if (c) {
                return true;
            }
        }
        return false;
    }

    /** Floats per window. */
    public int features() {
        return windowLength * tags;
    }

    /** Centers the window at {@code window[offset ..]} in place. */
    public void apply(float[] window, int offset) {
        for (int t = 0; t < tags; t++) {
            if (!centered[t]) {
                continue;
            }
            float sum = 0;
            for (int r = 0; r < windowLength; r++) {
                sum += window[offset + r * tags + t];
            }
            float mean = sum / windowLength;
            for (int r = 0; r < windowLength; r++) {
                window[offset + r * tags + t] -= mean;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowCentering c
                && windowLength == c.windowLength
                && tags == c.tags
                && Arrays.equals(centered, c.centered);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * windowLength + tags) + Arrays.hashCode(centered);
    }

    @Override
    public String toString() {
        return "WindowCentering[" + windowLength + " x " + tags + ", " + Arrays.toString(centered) + "]";
    }
}
