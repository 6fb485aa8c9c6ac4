package io.vigil.model.federated;

import io.vigil.core.sample.Tags;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import java.time.Instant;
import java.util.Objects;

/**
 * What one round asks of its participants and how the coordinator closes it.
 *
 * @param modelId the model being trained
 * @param round round number, strictly increasing per model; an update naming an older round is a replay
 * @param baseVersion global weights version the participants start from (the coordinator's version counter)
 * @param localEpochs passes over its own data each participant makes
 * @param learningRate local Adam step size
 * @param batchSize local mini-batch
 * @param proximalMu FedProx strength (0: plain FedAvg local training)
 * @param clipNorm L2 bound on each delta (participant clips, coordinator re-clips); {@code 0}: none
 * @param compression how deltas travel
 * @param deadline the round closes at this instant with whatever arrived (if at least {@code quorum})
 * @param quorum accepted updates that close the round early and the minimum it needs at the deadline
 * @param aggregator how the accepted deltas are combined
 * @param outlierFactor a delta whose norm exceeds this times the round's median norm is rejected; 0: no check
 * @param privacy differential privacy, or {@link DifferentialPrivacy#OFF}; needs {@code clipNorm > 0} when enabled
 */
public record RoundPlan(
        String modelId,
        long round,
        long baseVersion,
        int localEpochs,
        double learningRate,
        int batchSize,
        double proximalMu,
        double clipNorm,
        Compression compression,
        Instant deadline,
        int quorum,
        Aggregator aggregator,
        double outlierFactor,
        DifferentialPrivacy privacy) {
    public RoundPlan {
        Tags.requireValidId("model id", modelId);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(privacy, "privacy");
        if (privacy.enabled() && clipNorm <= 0) {
            throw new IllegalArgumentException("model " + modelId + ": differential privacy (noiseMultiplier "
                    + privacy.noiseMultiplier() + ") needs clipNorm > 0, got " + clipNorm);
        }
        if (round < 1 || baseVersion < 0) {
            throw new IllegalArgumentException(
                    "model " + modelId + ": round " + round + " must be >= 1, baseVersion " + baseVersion + " >= 0");
        }
        if (localEpochs < 1 || batchSize < 1 || quorum < 1) {
            throw new IllegalArgumentException("model " + modelId + ": localEpochs " + localEpochs + ", batchSize "
                    + batchSize + " and quorum " + quorum + " must be >= 1");
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException(
                    "model " + modelId + ": learningRate " + learningRate + " not in (0, 1)");
        }
        requireNonNegative(modelId, "proximalMu", proximalMu);
        requireNonNegative(modelId, "clipNorm", clipNorm);
        requireNonNegative(modelId, "outlierFactor", outlierFactor);
        if (outlierFactor > 0 && outlierFactor < 1) {
            throw new IllegalArgumentException(
                    "model " + modelId + ": outlierFactor " + outlierFactor + " must be 0 (off) or >= 1");
        }
    }

    private static void requireNonNegative(String modelId, String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("model " + modelId + ": " + field + " " + value + " must be >= 0");
        }
    }

    /** The same plan for the next round, from {@code version}, closing at {@code newDeadline}. */
    public RoundPlan next(long version, Instant newDeadline) {
        return new RoundPlan(
                modelId,
                round + 1,
                version,
                localEpochs,
                learningRate,
                batchSize,
                proximalMu,
                clipNorm,
                compression,
                newDeadline,
                quorum,
                aggregator,
                outlierFactor,
                privacy);
    }
}
