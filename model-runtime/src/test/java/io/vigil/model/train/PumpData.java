package io.vigil.model.train;

import java.util.Random;

/**
 * Synthetic pump telemetry for tests: tags driven by two shared latent cycles plus small noise, so the tags are
 * correlated with each other and over time, as real sensors on one machine are.
 */
public final class PumpData {
    private PumpData() {}

    /** {@code rows x tags} of normal operation; different seeds give different noise and phase. */
    public static double[][] normal(int rows, int tags, long seed) {
        Random random = new Random(seed);
        double phase = random.nextDouble() * 2 * Math.PI;
        double[][] data = new double[rows][tags];
        for (int t = 0; t < rows; t++) {
            double z1 = Math.sin(2 * Math.PI * t / 40.0 + phase);
            double z2 = Math.cos(2 * Math.PI * t / 97.0 + phase);
            for (int k = 0; k < tags; k++) {
                double amplitude = 1 + k;
                double mix = Math.cos(k * 0.7) * z1 + Math.sin(k * 0.7) * z2;
                data[t][k] = 10 * k + amplitude * mix + 0.05 * amplitude * random.nextGaussian();
            }
        }
        return data;
    }

    /** A copy of {@code rows} with {@code sigmas * scale[c]} added to the given columns. */
    public static double[][] shifted(double[][] rows, double[] scale, double sigmas, int... columns) {
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            copy[r] = rows[r].clone();
            for (int c : columns) {
                copy[r][c] += sigmas * scale[c];
            }
        }
        return copy;
    }
}
