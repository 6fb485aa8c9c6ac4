package io.vigil.model.federated.wire;

import io.vigil.core.sample.Tags;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * What the hub hands a selected agent: the plan of the round, the registered version whose package the agent holds
 * (its manifest says how to read the windows, its graph how to center them) and the global weights to start from.
 *
 * @param packageVersion the registered model version the round starts from (the agent downloads its package)
 * @param weights the global weights, float32 little-endian, base64
 */
public record Invitation(
        long round,
        String model,
        String packageVersion,
        long baseVersion,
        int localEpochs,
        double learningRate,
        int batchSize,
        double proximalMu,
        double clipNorm,
        double topK,
        boolean int8,
        Instant deadline,
        int quorum,
        String aggregator,
        double outlierFactor,
        double noiseMultiplier,
        double dpDelta,
        String weights) {
    public Invitation {
        Tags.requireValidId("invitation model", model);
        Objects.requireNonNull(packageVersion, "packageVersion");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(weights, "weights");
    }

    public static Invitation of(RoundPlan p, String packageVersion, float[] global) {
        return new Invitation(
                p.round(),
                p.modelId(),
                packageVersion,
                p.baseVersion(),
                p.localEpochs(),
                p.learningRate(),
                p.batchSize(),
                p.proximalMu(),
                p.clipNorm(),
                p.compression().topK(),
                p.compression().int8(),
                p.deadline(),
                p.quorum(),
                p.aggregator().name(),
                p.outlierFactor(),
                p.privacy().noiseMultiplier(),
                p.privacy().delta(),
                encode(global));
    }

    /** The plan again; its checks apply, so a garbled invitation fails here naming the field. */
    public RoundPlan plan() {
        return new RoundPlan(
                model,
                round,
                baseVersion,
                localEpochs,
                learningRate,
                batchSize,
                proximalMu,
                clipNorm,
                new Compression(topK, int8),
                deadline,
                quorum,
                Aggregator.parse(aggregator),
                outlierFactor,
                new DifferentialPrivacy(noiseMultiplier, dpDelta));
    }

    public float[] globalWeights() {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(weights)).order(ByteOrder.LITTLE_ENDIAN);
        float[] w = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(w);
        return w;
    }

    static String encode(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
