package io.vigil.edge.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * When a candidate moves on. A stage is judged once it has seen {@code minWindows} windows and lasted
 * {@code minDuration}; it passes when
 *
 * <ul>
 *   <li>with labelled windows: the candidate's accuracy against the labels is at least the serving version's plus
 *       {@code minAccuracyGain} (default +0.5 percentage points);
 *   <li>without labels: the candidate agrees with the serving version's anomaly decisions on at least
 *       {@code minAgreement} of the windows (default 99.5 %);
 *   <li>and in both cases its per-window latency p99 is at most {@code maxLatencyRatio} times the serving version's
 *       (default 1.05: no more than 5 % worse).
 * </ul>
 *
 * @param canaryShare share of the assets the candidate serves in CANARY, in (0, 1]; at least one asset
 * @param minWindows windows a stage must see before it is judged
 * @param minDuration time a stage must last before it is judged
 * @param minAgreement required agreement with the serving version's decisions when no labels are known, in (0, 1]
 * @param minAccuracyGain required accuracy gain over the serving version on labelled windows (may be negative)
 * @param maxLatencyRatio allowed candidate/serving latency p99 ratio, at least 1
 */
public record RolloutPolicy(
        double canaryShare,
        int minWindows,
        Duration minDuration,
        double minAgreement,
        double minAccuracyGain,
        double maxLatencyRatio) {
    public RolloutPolicy {
        if (!(canaryShare > 0 && canaryShare <= 1)) {
            throw new IllegalArgumentException("canaryShare " + canaryShare + " not in (0, 1]");
        }
        if (minWindows < 1) {
            throw new IllegalArgumentException("minWindows " + minWindows + " must be at least 1");
        }
        Objects.requireNonNull(minDuration, "minDuration");
        if (minDuration.isNegative()) {
            throw new IllegalArgumentException("minDuration " + minDuration + " is negative");
        }
        if (!(minAgreement > 0 && minAgreement <= 1)) {
            throw new IllegalArgumentException("minAgreement " + minAgreement + " not in (0, 1]");
        }
        if (!(Math.abs(minAccuracyGain) < 1)) {
            throw new IllegalArgumentException("minAccuracyGain " + minAccuracyGain + " not in (-1, 1)");
        }
        if (!(maxLatencyRatio >= 1 && Double.isFinite(maxLatencyRatio))) {
            throw new IllegalArgumentException("maxLatencyRatio " + maxLatencyRatio + " must be at least 1");
        }
    }

    /** 5 % of assets, 1000 windows and 5 minutes per stage, 99.5 % agreement or +0.5 % accuracy, p99 +5 %. */
    public static RolloutPolicy defaults() {
        return new RolloutPolicy(0.05, 1000, Duration.ofMinutes(5), 0.995, 0.005, 1.05);
    }
}
