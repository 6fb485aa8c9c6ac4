package io.vigil.model.federated;

import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small synthetic fleet for tests: each agent sees windows of two coupled sine signals with its own phase, amplitude
 * and noise (non-IID, like machines of one kind in different plants), 8 floats per window.
 */
public final class Fleet {
    public static final int WIDTH = 8;
    public static final NetworkShape SHAPE = NetworkShape.autoencoder(WIDTH, List.of(6, 3, 6));

    public final List<Participant> participants = new ArrayList<>();
    public final Map<String, PublicKey> keys = new LinkedHashMap<>();
    public final Map<String, AgentIdentity> identities = new LinkedHashMap<>();
    public final LocalData holdout;

    public Fleet(int agents, int windowsPerAgent, long seed) {
        Random r = new Random(seed);
        for (int a = 0; a < agents; a++) {
            String id = "agent-" + a;
            AgentIdentity identity = AgentIdentity.generate(id);
            identities.put(id, identity);
            keys.put(id, identity.publicKey());
            participants.add(new Participant(
                    identity,
                    SHAPE,
                    windows(windowsPerAgent, 0.3 * a, 1 + 0.1 * a, r),
                    ScalerStats.empty(0),
                    seed + a));
        }
        holdout = windows(400, 0.15 * agents, 1 + 0.05 * agents, r);
    }

    public static LocalData.Windows windows(int count, double phase, double amplitude, Random r) {
        float[] x = new float[count * WIDTH];
        for (int k = 0; k < count; k++) {
            double t0 = r.nextDouble() * 100;
            for (int s = 0; s < WIDTH / 2; s++) {
                double t = t0 + s * 0.4;
                x[k * WIDTH + 2 * s] = (float) (amplitude * Math.sin(t + phase) + 0.05 * r.nextGaussian());
                x[k * WIDTH + 2 * s + 1] = (float) (0.5 * amplitude * Math.cos(t + phase) + 0.05 * r.nextGaussian());
            }
        }
        return new LocalData.Windows(x, count, WIDTH);
    }

    public static RoundPlan plan(Instant deadline, int quorum, Aggregator aggregator, double outlierFactor) {
        return new RoundPlan(
                "test-ae",
                1,
                0,
                1,
                0.01,
                32,
                0,
                0,
                Compression.NONE,
                deadline,
                quorum,
                aggregator,
                outlierFactor,
                DifferentialPrivacy.OFF);
    }
}
