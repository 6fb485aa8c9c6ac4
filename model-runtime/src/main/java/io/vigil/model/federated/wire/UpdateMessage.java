package io.vigil.model.federated.wire;

import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.ScalerStats;
import java.util.Base64;

/**
 * A {@link ModelUpdate} as JSON. Decoding never trusts it: {@link #toUpdate} rebuilds the record (whose checks
 * apply), and the coordinator then verifies the signature before it decodes the payload.
 */
public record UpdateMessage(
        long round,
        String agentId,
        long baseVersion,
        String payload,
        long sampleCount,
        double trainingLoss,
        long statsN,
        double[] statsSum,
        double[] statsSumSquares,
        String signature) {

    public static UpdateMessage of(ModelUpdate u) {
        return new UpdateMessage(
                u.round(),
                u.agentId(),
                u.baseVersion(),
                Base64.getEncoder().encodeToString(u.payload()),
                u.sampleCount(),
                u.trainingLoss(),
                u.stats().n(),
                u.stats().sum(),
                u.stats().sumSquares(),
                Base64.getEncoder().encodeToString(u.signature()));
    }

    /**
     * The update this message carries.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public ModelUpdate toUpdate() {
        if (payload == null || signature == null || agentId == null) {
            throw new IllegalArgumentException(
                    "update message: payload, signature and agentId are required (agentId " + agentId + ")");
        }
        try {
            return new ModelUpdate(
                    round,
                    agentId,
                    baseVersion,
                    Base64.getDecoder().decode(payload),
                    sampleCount,
                    trainingLoss,
                    new ScalerStats(
                            statsN,
                            statsSum == null ? new double[0] : statsSum,
                            statsSumSquares == null ? new double[0] : statsSumSquares),
                    Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("update message from " + agentId + ": " + e.getMessage(), e);
        }
    }
}
