package io.vigil.model.eval;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.alert.AlertRule;
import java.time.Instant;

/**
 * What an operator would have seen: the events the agent's {@link AlertRule} raises on a test part, against the
 * labelled anomalies. Pointwise counts ({@link Confusion}) are the leaderboard's rule; these count alarms.
 *
 * @param events events raised in the test part
 * @param falseEvents events raised at a row labelled normal
 * @param anomalies labelled anomalies (runs of anomalous rows) in the test part
 * @param detected anomalies during which the agent was in alarm at least once
 */
public record Alarms(long events, long falseEvents, long anomalies, long detected) {
    public static final Alarms EMPTY = new Alarms(0, 0, 0, 0);

    /**
     * Replays the alert rule over every scored window of an experiment and counts the test part.
     *
     * @param scores the score of the window ending at each row from {@code firstRow} on
     * @param firstRow the row the first score belongs to
     * @param testFrom the first row of the test part
     * @param labels the anomaly label of every row
     */
    static Alarms count(ModelManifest manifest, float[] scores, int firstRow, int testFrom, boolean[] labels) {
        var rule = new AlertRule();
        long events = 0;
        long falseEvents = 0;
        long anomalies = 0;
        long detected = 0;
        boolean inAnomaly = false;
        boolean alarmed = false;
        for (int k = 0; k < scores.length; k++) {
            int row = firstRow + k;
            double score = AlertRule.reported(scores[k]);
            boolean raised = rule.observe(manifest, "asset", Instant.EPOCH.plusSeconds(row), score)
                    .isPresent();
            if (row < testFrom) {
                continue;
            }
            if (raised) {
                events++;
                falseEvents += labels[row] ? 0 : 1;
            }
            if (labels[row] && !inAnomaly) {
                anomalies++;
                alarmed = false;
            }
            inAnomaly = labels[row];
            if (inAnomaly && !alarmed && AlertRule.above(score, manifest.threshold())) {
                alarmed = true;
                detected++;
            }
        }
        return new Alarms(events, falseEvents, anomalies, detected);
    }

    public Alarms plus(Alarms o) {
        return new Alarms(
                events + o.events, falseEvents + o.falseEvents, anomalies + o.anomalies, detected + o.detected);
    }
}
