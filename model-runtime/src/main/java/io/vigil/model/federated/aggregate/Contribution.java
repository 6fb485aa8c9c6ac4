package io.vigil.model.federated.aggregate;

/**
 * One accepted delta as the aggregator sees it.
 *
 * @param agentId who sent it
 * @param delta decoded, finite, of the model's dimension
 * @param weight relative weight (sample count, possibly scaled down for staleness)
 */
public record Contribution(String agentId, float[] delta, double weight) {
    public Contribution {
        if (!(weight > 0 && Double.isFinite(weight))) {
            throw new IllegalArgumentException("contribution of " + agentId + ": weight " + weight + " must be > 0");
        }
    }
}
