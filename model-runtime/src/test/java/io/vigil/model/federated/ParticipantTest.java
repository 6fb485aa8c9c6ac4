package io.vigil.model.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import io.vigil.model.federated.sim.Training;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParticipantTest {
    private final Fleet fleet = new Fleet(1, 256, 5);
    private final float[] global = Training.initial(Fleet.SHAPE, 11);

    private RoundPlan plan(double mu, double clip) {
        return new RoundPlan(
                "test-ae",
                1,
                0,
                3,
                0.01,
                32,
                mu,
                clip,
                Compression.NONE,
                Instant.EPOCH,
                1,
                new Aggregator.FedAvg(),
                0,
                DifferentialPrivacy.OFF);
    }

    @Test
    void localTrainingLowersTheLossOnItsOwnData() {
        Participant p = fleet.participants.get(0);
        var trained = p.trainDelta(plan(0, 0), global);
        float[] after = global.clone();
        for (int i = 0; i < after.length; i++) {
            after[i] += trained.delta()[i];
        }

        assertThat(Training.loss(Fleet.SHAPE, after, fleet.holdout))
                .isLessThan(Training.loss(Fleet.SHAPE, global, fleet.holdout));
    }

    @Test
    void fedProxKeepsTheDeltaCloserToTheGlobalModel() {
        double free = Clipping.norm(new Fleet(1, 256, 5)
                .participants
                .get(0)
                .trainDelta(plan(0, 0), global)
                .delta());
        double proximal = Clipping.norm(new Fleet(1, 256, 5)
                .participants
                .get(0)
                .trainDelta(plan(1.0, 0), global)
                .delta());

        assertThat(proximal).isLessThan(free);
    }

    @Test
    void clipsTheDeltaToThePlansNorm() {
        var trained = fleet.participants.get(0).trainDelta(plan(0, 0.01), global);

        assertThat(Clipping.norm(trained.delta())).isLessThanOrEqualTo(0.01 * 1.0001);
    }

    @Test
    void signsWhatItSendsSoTheCoordinatorCanVerifyIt() {
        Participant p = fleet.participants.get(0);
        ModelUpdate u = p.train(plan(0, 0), global);

        assertThat(AgentIdentity.verifies(fleet.keys.get(p.agentId()), u.signedBytes(), u.signature()))
                .isTrue();
        byte[] tampered = u.payload();
        tampered[20] ^= 1;
        ModelUpdate changed = new ModelUpdate(
                u.round(),
                u.agentId(),
                u.baseVersion(),
                tampered,
                u.sampleCount(),
                u.trainingLoss(),
                u.stats(),
                u.signature());
        assertThat(AgentIdentity.verifies(fleet.keys.get(p.agentId()), changed.signedBytes(), changed.signature()))
                .isFalse();
    }
}
