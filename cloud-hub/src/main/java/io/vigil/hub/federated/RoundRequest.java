package io.vigil.hub.federated;

import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Tags;
import io.vigil.hub.api.ApiException;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/v1/fl/rounds}: which model, from which version, with how many agents, and the plan. Every field
 * but {@code model} has a default; a bad value fails here or in {@link RoundPlan} naming the field and the value.
 *
 * @param version the registered version to start from; empty: the promoted version, else the newest
 * @param agents participants to draw from the ready agents; 0: all of them
 * @param quorum accepted updates that close the round; 0: every participant
 * @param deadline how long the round waits for updates
 */
public record RoundRequest(
        String model,
        Optional<String> version,
        int agents,
        int quorum,
        Duration deadline,
        int localEpochs,
        double learningRate,
        int batchSize,
        double mu,
        double clip,
        double topK,
        boolean int8,
        String aggregator,
        double outlierFactor,
        double noise,
        double dpDelta) {
    private static final Set<String> FIELDS = Set.of(
            "model",
            "version",
            "agents",
            "quorum",
            "deadlineSeconds",
            "localEpochs",
            "learningRate",
            "batchSize",
            "mu",
            "clip",
            "topK",
            "int8",
            "aggregator",
            "outlierFactor",
            "noise",
            "dpDelta");

    public RoundRequest {
        Tags.requireValidId("model", model);
        if (agents < 0 || quorum < 0) {
            throw new IllegalArgumentException("agents " + agents + " and quorum " + quorum + " must be >= 0");
        }
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("deadlineSeconds " + deadline.toSeconds() + " not in 1..86400");
        }
        if (quorum > 0 && agents > 0 && quorum > agents) {
            throw new IllegalArgumentException("quorum " + quorum + " is more than agents " + agents);
        }
        Aggregator.parse(aggregator);
        new Compression(topK, int8);
        new DifferentialPrivacy(noise, dpDelta);
    }

    /** Parses the body; an unknown field is refused so a typo does not silently fall back to a default. */
    public static RoundRequest fromJson(JsonObject b) {
        for (String f : b.fieldNames()) {
            if (!FIELDS.contains(f)) {
                throw ApiException.badParam("field " + f + " is not one of " + new java.util.TreeSet<>(FIELDS));
            }
        }
        try {
            return new RoundRequest(
                    b.getString("model"),
                    Optional.ofNullable(b.getString("version")),
                    b.getInteger("agents", 0),
                    b.getInteger("quorum", 0),
                    Duration.ofSeconds(b.getLong("deadlineSeconds", 60L)),
                    b.getInteger("localEpochs", 2),
                    b.getDouble("learningRate", 1e-3),
                    b.getInteger("batchSize", 32),
                    b.getDouble("mu", 0.0),
                    b.getDouble("clip", 0.0),
                    b.getDouble("topK", 1.0),
                    b.getBoolean("int8", false),
                    b.getString("aggregator", "fedavg"),
                    b.getDouble("outlierFactor", 5.0),
                    b.getDouble("noise", 0.0),
                    b.getDouble("dpDelta", 1e-5));
        } catch (ClassCastException e) {
            throw ApiException.badParam("a field of the round has the wrong JSON type: " + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badParam("round: " + e.getMessage());
        }
    }

    /** The plan of round {@code round} with {@code participants} and this request's quorum, opening at {@code now}. */
    RoundPlan plan(long round, int participants, Instant now) {
        try {
            return new RoundPlan(
                    model,
                    round,
                    0,
                    localEpochs,
                    learningRate,
                    batchSize,
                    mu,
                    clip,
                    new Compression(topK, int8),
                    now.plus(deadline),
                    quorum == 0 ? participants : quorum,
                    Aggregator.parse(aggregator),
                    outlierFactor,
                    new DifferentialPrivacy(noise, dpDelta));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParam("round plan: " + e.getMessage());
        }
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("agents", agents)
                .put("quorum", quorum)
                .put("deadlineSeconds", deadline.toSeconds())
                .put("localEpochs", localEpochs)
                .put("learningRate", learningRate)
                .put("batchSize", batchSize)
                .put("mu", mu)
                .put("clip", clip)
                .put("topK", topK)
                .put("int8", int8)
                .put("aggregator", aggregator)
                .put("outlierFactor", outlierFactor)
                .put("noise", noise)
                .put("dpDelta", dpDelta);
    }
}
