package io.vigil.edge.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.json.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * A rollout step and the figures it was taken on; what the agent logs and reports for every decision.
 *
 * @param time when it was decided
 * @param model the model id
 * @param serving the serving version
 * @param candidate the candidate version
 * @param from the stage judged
 * @param to the stage entered ({@code CANARY}, {@code PROMOTED} or {@code ROLLED_BACK})
 * @param windows windows compared in the stage judged
 * @param labelled how many of them were labelled
 * @param agreement share of windows where both versions took the same anomaly decision
 * @param servingAccuracy serving version's accuracy on the labelled windows ({@code NaN} when none)
 * @param candidateAccuracy candidate's accuracy on the labelled windows ({@code NaN} when none)
 * @param servingP99Micros serving version's per-window latency p99
 * @param candidateP99Micros candidate's per-window latency p99
 * @param reason the rule that held or failed, in words
 */
public record RolloutDecision(
        Instant time,
        String model,
        String serving,
        String candidate,
        RolloutStage from,
        RolloutStage to,
        long windows,
        long labelled,
        double agreement,
        double servingAccuracy,
        double candidateAccuracy,
        double servingP99Micros,
        double candidateP99Micros,
        String reason) {
    private static final ObjectMapper JSON = Json.mapper();

    public RolloutDecision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (from.isFinal() || to == RolloutStage.SHADOW) {
            throw new IllegalArgumentException("a decision cannot go from " + from + " to " + to);
        }
    }

    /** The JSON the agent logs, and the payload of a {@code vigil/event/model} metric once the hub reads it. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write decision of model " + model + " as JSON", e);
        }
    }
}
