package io.vigil.model.eval;

/**
 * Pointwise confusion counts and the figures the SKAB leaderboard derives from them.
 *
 * <p>The leaderboard's F1 is {@code TP / (TP + (FN + FP) / 2)} (the usual F1, written without precision and recall),
 * its false alarm rate {@code FAR = FP / (FP + TN) * 100} and missing alarm rate {@code MAR = FN / (FN + TP) * 100},
 * both in percent. An empty denominator gives 0 rather than NaN, so a file without anomalies cannot poison a sum.
 *
 * @param tp anomalous points flagged
 * @param fp normal points flagged
 * @param tn normal points not flagged
 * @param fn anomalous points missed
 */
public record Confusion(long tp, long fp, long tn, long fn) {
    public static final Confusion EMPTY = new Confusion(0, 0, 0, 0);

    public Confusion {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException(
                    "confusion counts must be >= 0: tp " + tp + ", fp " + fp + ", tn " + tn + ", fn " + fn);
        }
    }

    /** Counts {@code predicted} against {@code actual}, point by point. */
    public static Confusion of(boolean[] actual, boolean[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(
                    "actual has " + actual.length + " points but predicted has " + predicted.length);
        }
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int k = 0; k < actual.length; k++) {
            if (predicted[k]) {
                if (actual[k]) tp++;
                else fp++;
            } else if (actual[k]) fn++;
            else tn++;
        }
        return new Confusion(tp, fp, tn, fn);
    }

    /** The sum of both counts, how the leaderboard pools its 34 files. */
    public Confusion plus(Confusion other) {
        return new Confusion(tp + other.tp, fp + other.fp, tn + other.tn, fn + other.fn);
    }

    public double f1() {
        return ratio(tp, tp + (fn + fp) / 2.0);
    }

    /** False alarm rate in percent. */
    public double far() {
        return 100 * ratio(fp, fp + tn);
    }

    /** Missing alarm rate in percent. */
    public double mar() {
        return 100 * ratio(fn, fn + tp);
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0 : num / den;
    }
}
