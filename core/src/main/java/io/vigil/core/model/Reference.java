package io.vigil.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The training data's distributions, kept in the manifest so the edge can tell when live data moves away from them
 * (drift): one per input tag, in feature order, and one for the score.
 *
 * @param features one per input tag, named after it, in the manifest's {@code inputTags} order
 * @param score the distribution of the training windows' scores
 */
public record Reference(List<Distribution> features, Distribution score) {
    /** Quantile steps {@link #fit} stores: 20, i.e. every 5 %. */
    public static final int STEPS = 20;

    public Reference {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        Objects.requireNonNull(score, "score");
    }

    /** Summarizes the training rows (one value per tag each) and the training scores. */
    public static Reference fit(List<String> tags, double[][] rows, float[] scores) {
        var features = new ArrayList<Distribution>();
        for (int t = 0; t < tags.size(); t++) {
            double[] column = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                column[r] = rows[r][t];
            }
            features.add(Distribution.of(tags.get(t), column, STEPS));
        }
        double[] s = new double[scores.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores[i];
        }
        return new Reference(features, Distribution.of("score", s, STEPS));
    }
}
