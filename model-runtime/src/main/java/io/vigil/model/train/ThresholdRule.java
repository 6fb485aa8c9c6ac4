package io.vigil.model.train;

import io.vigil.core.model.Calibration;
import io.vigil.core.model.Distribution;
import java.util.Arrays;

/**
 * The one way Vigil chooses an anomaly threshold from normal data: {@code max(floor, margin x quantile)} of the
 * training windows' scores, by nearest rank. The trainer, {@code vigil model eval skab}, {@code vigil model train} and
 * {@code vigil model package} all call {@link #calibrate}, and the result goes into the manifest, so the number an
 * evaluation counts with is the number an agent serving the package compares with.
 *
 * <p>The quantile admits that "normal" data holds a few odd windows; the margin keeps ordinary day-to-day drift below
 * the line. The floor matters for flat training data, whose scores are all (nearly) zero: a threshold of 0 would flag
 * every window that is not bit-identical to the training data.
 *
 * @param quantile in (0, 1]
 * @param margin finite, > 0
 */
public record ThresholdRule(double quantile, double margin) {
    /** Quantile steps stored for calibrated scores: every 0.5 %. */
    public static final int CALIBRATION_STEPS = 200;

    public ThresholdRule {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("threshold quantile " + quantile + " not in (0, 1]");
        }
        if (!(margin > 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException("threshold margin " + margin + " must be finite and > 0");
        }
    }

    /**
     * The threshold for {@code scores} with how it was chosen.
     *
     * @param scores the training windows' scores, as the served graph gives them
     * @param smoothing windows the graph averages into one score (1: none)
     */
    public Calibration calibrate(float[] scores, int smoothing) {
        double[] values = finite(scores);
        double q = nearestRank(values, quantile);
        return new Calibration(
                Calibration.QUANTILE,
                quantile,
                margin,
                q,
                Calibration.DEFAULT_FLOOR,
                smoothing,
                values.length,
                Distribution.of("score", values, CALIBRATION_STEPS));
    }

    /** A threshold someone gave, with the normal scores (if any were scored) for calibrated output. */
    public static Calibration given(float[] scores, int smoothing) {
        double[] values = finite(scores);
        return new Calibration(
                Calibration.GIVEN,
                0,
                0,
                0,
                0,
                smoothing,
                values.length,
                Distribution.of("score", values, CALIBRATION_STEPS));
    }

    /** Nearest-rank quantile. */
    static double nearestRank(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))];
    }

    private static double[] finite(float[] scores) {
        double[] values = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new IllegalArgumentException(
                        "training window " + i + " scored " + scores[i] + ": no threshold can be set on it");
            }
            values[i] = scores[i];
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("no training scores to set a threshold on");
        }
        return values;
    }
}
