package io.vigil.hub.models;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A rollout decision an agent reported: the stage change and the figures it was taken on.
 *
 * @param model the model id
 * @param version the candidate version judged
 * @param agent the agent that decided
 * @param time when it decided
 * @param from the stage judged ({@code SHADOW}, {@code CANARY})
 * @param to the stage entered ({@code CANARY}, {@code PROMOTED}, {@code ROLLED_BACK})
 * @param reason the rule that held or failed, in words
 * @param figures windows compared, agreement, accuracies, latency p99s, as the agent sent them
 */
public record Decision(
        String model,
        String version,
        String agent,
        Instant time,
        String from,
        String to,
        String reason,
        JsonObject figures) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("model", model)
                .put("version", version)
                .put("agent", agent)
                .put("time", time.toString())
                .put("from", from)
                .put("to", to)
                .put("reason", reason)
                .put("figures", figures);
    }
}
