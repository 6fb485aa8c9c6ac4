package io.vigil.model.federated;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One participant's answer to a round: its weight delta (encoded by the round's compression, or masked under secure
 * aggregation) and how much data stands behind it, signed with the agent's Ed25519 key.
 *
 * @param round the round answered
 * @param agentId who trained
 * @param baseVersion the global version the delta starts from
 * @param payload the encoded delta ({@link io.vigil.model.federated.compress.DeltaCodec})
 * @param sampleCount training examples behind the delta (FedAvg weight)
 * @param trainingLoss mean local loss of the last local epoch
 * @param stats the agent's feature statistics for the federated scaler ({@link ScalerStats#empty} when not asked)
 * @param signature Ed25519 over {@link #signedBytes()}
 */
public record ModelUpdate(
        long round,
        String agentId,
        long baseVersion,
        byte[] payload,
        long sampleCount,
        double trainingLoss,
        ScalerStats stats,
        byte[] signature) {
    public ModelUpdate {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(stats, "stats");
        if (sampleCount < 1) {
            throw new IllegalArgumentException("update from " + agentId + ": sampleCount " + sampleCount + " < 1");
        }
        payload = payload.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Bytes on the wire: payload, signature and the fixed fields. */
    public int wireBytes() {
        return payload.length
                + signature.length
                + agentId.getBytes(StandardCharsets.UTF_8).length
                + 4 * 8
                + stats.features() * 16;
    }

    /** Everything but the signature, in a fixed layout: what the agent signs and the coordinator verifies. */
    public byte[] signedBytes() {
        return signedBytes(round, agentId, baseVersion, payload, sampleCount, trainingLoss, stats);
    }

    static byte[] signedBytes(
            long round,
            String agentId,
            long baseVersion,
            byte[] payload,
            long sampleCount,
            double trainingLoss,
            ScalerStats stats) {
        byte[] id = agentId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b =
                ByteBuffer.allocate(8 + 4 + id.length + 8 + 8 + 8 + 4 + payload.length + 12 + 16 * stats.features());
        b.putLong(round)
                .putInt(id.length)
                .put(id)
                .putLong(baseVersion)
                .putLong(sampleCount)
                .putDouble(trainingLoss)
                .putInt(payload.length)
                .put(payload)
                .putLong(stats.n())
                .putInt(stats.features());
        double[] sums = stats.sum();
        double[] squares = stats.sumSquares();
        for (int i = 0; i < sums.length; i++) {
            b.putDouble(sums[i]).putDouble(squares[i]);
        }
        return b.array();
    }
}
