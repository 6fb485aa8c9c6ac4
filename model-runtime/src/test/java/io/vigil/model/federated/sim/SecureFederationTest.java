package io.vigil.model.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.federated.Fleet;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecureFederationTest {
    private static final int AGENTS = 6;

    private static RoundPlan plan(int quorum) {
        return new RoundPlan(
                "test-ae",
                1,
                0,
                1,
                0.01,
                32,
                0,
                1.0,
                Compression.NONE,
                Instant.parse("2026-01-01T00:05:00Z"),
                quorum,
                new Aggregator.FedAvg(),
                0,
                DifferentialPrivacy.OFF);
    }

    private static Federation.Result run(boolean secure, int drop) {
        Fleet fleet = new Fleet(AGENTS, 200, 21);
        var settings =
                new Federation.Settings(5, AGENTS, plan(secure ? 4 : AGENTS), Duration.ofMinutes(5), secure, drop);
        return new Federation(fleet.participants, Map.of(), settings, line -> {})
                .run(Training.initial(Fleet.SHAPE, 3), fleet.keys, 8);
    }

    @Test
    void secureRoundsCompleteWithAThirdDroppingAndTrainLikePlainOnes() {
        Fleet fleet = new Fleet(AGENTS, 200, 21);
        double initial = Training.loss(Fleet.SHAPE, Training.initial(Fleet.SHAPE, 3), fleet.holdout);

        Federation.Result plain = run(false, 0);
        Federation.Result secure = run(true, 2);

        double plainLoss = Training.loss(Fleet.SHAPE, plain.global(), fleet.holdout);
        double secureLoss = Training.loss(Fleet.SHAPE, secure.global(), fleet.holdout);
        System.out.printf(
                Locale.ROOT,
                "secure (2 of 6 drop each round): loss %.5f vs plain %.5f (initial %.5f),"
                        + " %.0f vs %.0f bytes per agent per round%n",
                secureLoss,
                plainLoss,
                initial,
                secure.bytesPerAgentPerRound(),
                plain.bytesPerAgentPerRound());
        assertThat(secure.rounds()).isEqualTo(5);
        assertThat(secureLoss).isLessThan(initial / 2);
        assertThat(secureLoss / plainLoss).isLessThan(1.5);
    }
}
