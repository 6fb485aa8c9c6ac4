package io.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * How a model's threshold was chosen, and the normal scores that make a score comparable across models.
 *
 * <p>The threshold itself stays in {@link ModelManifest#threshold()}, the one number the agent, the evaluation and
 * {@code vigil model score} compare with; this record says where it came from, and {@link ModelManifest} refuses a
 * calibration that would give another number. Rule {@value #QUANTILE}: {@code threshold = max(floor, margin x q)},
 * where {@code q} is the {@code quantile} (nearest rank) of the {@code windows} training scores, scored as served (so
 * with the graph's own smoothing). Rule {@value #GIVEN}: a person set it; {@code quantile}, {@code margin} and
 * {@code quantileScore} are then 0.
 *
 * <p>{@link #pNormal} turns a score into the share of normal (training) windows that scored at least as high, from
 * {@code scores}: 0.5 is an ordinary window, 0.001 one that one normal window in a thousand reaches. Unlike a raw
 * reconstruction error it means the same on every asset and model.
 *
 * @param rule {@value #QUANTILE} or {@value #GIVEN}
 * @param quantile quantile of the training scores the threshold starts from, in (0, 1] (rule quantile)
 * @param margin factor applied to that quantile, > 0 (rule quantile)
 * @param quantileScore the training scores' {@code quantile}, before margin and floor (rule quantile)
 * @param floor lowest threshold allowed, so flat training data (all scores 0) cannot give a threshold of 0
 * @param smoothing windows averaged into one score by the graph (1: none), as the training scores were scored
 * @param windows number of training windows scored
 * @param scores the training scores' distribution, as served
 */
public record Calibration(
        String rule,
        double quantile,
        double margin,
        double quantileScore,
        double floor,
        int smoothing,
        int windows,
        Distribution scores) {
    public static final String QUANTILE = "quantile";
    public static final String GIVEN = "given";

    /** The floor every Vigil trainer uses: far below any real score, far above zero. */
    public static final double DEFAULT_FLOOR = 1e-6;

    public Calibration {
        if (!QUANTILE.equals(rule) && !GIVEN.equals(rule)) {
            throw new IllegalArgumentException("calibration rule '" + rule + "' is not " + QUANTILE + " or " + GIVEN);
        }
        if (QUANTILE.equals(rule)) {
            if (!(quantile > 0 && quantile <= 1)) {
                throw new IllegalArgumentException("calibration quantile " + quantile + " not in (0, 1]");
            }
            if (!(margin > 0 && Double.isFinite(margin))) {
                throw new IllegalArgumentException("calibration margin " + margin + " must be finite and > 0");
            }
            if (!Double.isFinite(quantileScore)) {
                throw new IllegalArgumentException("calibration quantileScore " + quantileScore + " is not finite");
            }
        }
        if (!(floor >= 0 && Double.isFinite(floor))) {
            throw new IllegalArgumentException("calibration floor " + floor + " must be finite and >= 0");
        }
        if (smoothing < 1 || windows < 1) {
            throw new IllegalArgumentException(
                    "calibration smoothing " + smoothing + " and windows " + windows + " must be >= 1");
        }
        Objects.requireNonNull(scores, "calibration scores");
    }

    /** The threshold this rule gives; {@code NaN} for rule {@value #GIVEN}, where no rule gives it. */
    @JsonIgnore
    public double threshold() {
        return QUANTILE.equals(rule) ? Math.max(floor, margin * quantileScore) : Double.NaN;
    }

    /**
     * The share of normal windows that scored at least {@code score}, interpolated between the stored quantiles, never
     * below {@code 1 / (windows + 1)}: no finite sample of normal windows can promise that a score is impossible.
     */
    public double pNormal(double score) {
        double[] q = scores.quantiles();
        double least = 1.0 / (windows + 1);
        if (Double.isNaN(score) || score >= q[q.length - 1]) {
            return least;
        }
        if (score < q[0]) {
            return 1;
        }
        int steps = q.length - 1;
        int i = 0;
        while (i < steps && q[i + 1] <= score) {
            i++;
        }
        double within = q[i + 1] > q[i] ? (score - q[i]) / (q[i + 1] - q[i]) : 0;
        double below = (i + within) / steps;
        return Math.max(least, 1 - below);
    }
}
