package io.vigil.model.federated.sim;

import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The federation settings shared by the SKAB and C-MAPSS simulations.
 *
 * @param agents fleet size
 * @param rounds rounds run
 * @param quorum accepted updates that close a round (0: every agent)
 * @param localEpochs local passes per round; the central and local-only baselines get {@code rounds * localEpochs}
 * @param hidden hidden layer widths
 * @param learningRate Adam step size
 * @param batch mini-batch
 * @param compression how deltas travel
 * @param aggregator how deltas combine
 * @param proximalMu FedProx strength (0: off)
 * @param clipNorm delta norm bound (0: off; needed by secure aggregation and privacy)
 * @param outlierFactor norm-outlier rejection factor (0: off)
 * @param secure secure aggregation
 * @param dropAfterMasking agents dropping after masking per secure round
 * @param privacy differential privacy
 * @param roundPeriod time a round takes in the field (its deadline), for KB/s
 * @param seed everything random
 */
public record Scenario(
        int agents,
        int rounds,
        int quorum,
        int localEpochs,
        List<Integer> hidden,
        double learningRate,
        int batch,
        Compression compression,
        Aggregator aggregator,
        double proximalMu,
        double clipNorm,
        double outlierFactor,
        boolean secure,
        int dropAfterMasking,
        DifferentialPrivacy privacy,
        Duration roundPeriod,
        long seed) {
    public Scenario {
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(privacy, "privacy");
        if (agents < 2 || rounds < 1 || quorum < 0 || quorum > agents) {
            throw new IllegalArgumentException("agents " + agents + " must be >= 2, rounds " + rounds + " >= 1, quorum "
                    + quorum + " in 0.." + agents);
        }
        if (roundPeriod.isNegative() || roundPeriod.isZero()) {
            throw new IllegalArgumentException("roundPeriod " + roundPeriod + " must be positive");
        }
        if (secure && clipNorm <= 0) {
            throw new IllegalArgumentException("secure aggregation needs clipNorm > 0, got " + clipNorm);
        }
        if (secure && dropAfterMasking > agents / 3) {
            throw new IllegalArgumentException(
                    "dropAfterMasking " + dropAfterMasking + " exceeds a third of " + agents + " agents");
        }
    }

    public int effectiveQuorum() {
        return quorum == 0 ? agents : quorum;
    }

    RoundPlan firstPlan(String modelId, Instant start) {
        return new RoundPlan(
                modelId,
                1,
                0,
                localEpochs,
                learningRate,
                batch,
                proximalMu,
                clipNorm,
                compression,
                start.plus(roundPeriod),
                secure ? Math.max(2, agents - agents / 3) : effectiveQuorum(),
                aggregator,
                outlierFactor,
                privacy);
    }

    Federation.Settings settings(String modelId) {
        return new Federation.Settings(
                rounds,
                agents,
                firstPlan(modelId, Instant.parse("2026-01-01T00:00:00Z")),
                roundPeriod,
                secure,
                dropAfterMasking);
    }

    /** Total bytes a round moves for the whole fleet per second of round period, in KB/s (1 KB = 1000 bytes). */
    public double kbPerSecondTotal(double bytesPerAgentPerRound) {
        return bytesPerAgentPerRound * agents / 1000.0 / (roundPeriod.toMillis() / 1000.0);
    }
}
