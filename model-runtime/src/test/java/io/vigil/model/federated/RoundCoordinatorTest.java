package io.vigil.model.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.compress.DeltaCodec;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import io.vigil.model.federated.sim.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundCoordinatorTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final SteppedClock clock = new SteppedClock(START);
    private final List<RoundEvent> events = new ArrayList<>();
    private final Fleet fleet = new Fleet(4, 64, 1);

    private RoundCoordinator coordinator() {
        return new RoundCoordinator(
                "test-ae", new float[Fleet.SHAPE.parameterCount()], fleet.keys, clock, events::add, 3);
    }

    private RoundPlan plan(int quorum) {
        return Fleet.plan(START.plus(Duration.ofMinutes(5)), quorum, new Aggregator.FedAvg(), 5);
    }

    private Participant agent(int i) {
        return fleet.participants.get(i);
    }

    private Rejection rejection(Verdict v) {
        return ((Verdict.Rejected) v).reason();
    }

    @Test
    void closesAtQuorumWithoutWaitingForTheRest() {
        RoundCoordinator hub = coordinator();
        var invite = hub.open(plan(3), fleet.keys.keySet(), 4);
        for (String id : invite.participants().subList(0, 3)) {
            Participant p = fleet.participants.stream()
                    .filter(x -> x.agentId().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(hub.submit(p.train(invite.plan(), invite.global()))).isInstanceOf(Verdict.Accepted.class);
        }

        var closed = hub.closeIfDue();

        assertThat(closed).isPresent();
        assertThat(closed.get().failed()).isFalse();
        assertThat(closed.get().aggregated()).hasSize(3);
        assertThat(hub.version()).isEqualTo(1);
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void anAgentDyingMidRoundCostsOnlyTheDeadline() {
        RoundCoordinator hub = coordinator();
        var invite = hub.open(plan(4), fleet.keys.keySet(), 4);
        for (int i = 0; i < 3; i++) {
            hub.submit(agent(i).train(invite.plan(), invite.global()));
        }
        assertThat(hub.closeIfDue()).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        var closed = hub.closeIfDue().orElseThrow();

        assertThat(closed.failed()).isTrue();
        assertThat(hub.global()).containsOnly(0f);
        assertThat(hub.isOpen()).isFalse();
    }

    @Test
    void rejectsAReplayOfTheLastRoundsUpdate() {
        RoundCoordinator hub = coordinator();
        var invite = hub.open(plan(1), fleet.keys.keySet(), 4);
        ModelUpdate old = agent(0).train(invite.plan(), invite.global());
        hub.submit(old);
        hub.closeIfDue();
        RoundPlan next = invite.plan().next(hub.version(), START.plus(Duration.ofMinutes(10)));
        hub.open(next, fleet.keys.keySet(), 4);

        assertThat(rejection(hub.submit(old))).isEqualTo(Rejection.REPLAY);
        assertThat(events).anyMatch(e -> e instanceof RoundEvent.Rejected r && r.reason() == Rejection.REPLAY);
    }

    @Test
    void rejectsAnUpdateSignedWithAnotherAgentsKey() {
        RoundCoordinator hub = coordinator();
        var invite = hub.open(plan(2), fleet.keys.keySet(), 4);
        ModelUpdate honest = agent(0).train(invite.plan(), invite.global());
        ModelUpdate forged = new ModelUpdate(
                honest.round(),
                honest.agentId(),
                honest.baseVersion(),
                honest.payload(),
                honest.sampleCount(),
                honest.trainingLoss(),
                honest.stats(),
                fleet.identities.get("agent-1").sign(honest.signedBytes()));

        assertThat(rejection(hub.submit(forged))).isEqualTo(Rejection.SIGNATURE);
        // a forged update does not use up the real agent's answer
        assertThat(hub.submit(honest)).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void rejectsNanWrongDimensionStaleBaseDuplicatesAndStrangers() {
        RoundCoordinator hub = coordinator();
        var invite = hub.open(plan(4), List.of("agent-0", "agent-1", "agent-2", "agent-3"), 4);
        RoundPlan p = invite.plan();
        float[] nan = new float[Fleet.SHAPE.parameterCount()];
        nan[3] = Float.NaN;
        float[] shortDelta = new float[Fleet.SHAPE.parameterCount() - 1];
        RoundPlan stalePlan = new RoundPlan(
                p.modelId(),
                p.round(),
                7,
                1,
                0.01,
                32,
                0,
                0,
                Compression.NONE,
                p.deadline(),
                4,
                p.aggregator(),
                5,
                p.privacy());

        assertThat(rejection(hub.submit(agent(0).sign(p, DeltaCodec.encode(nan, Compression.NONE), 0))))
                .isEqualTo(Rejection.NON_FINITE);
        assertThat(rejection(hub.submit(agent(1).sign(p, DeltaCodec.encode(shortDelta, Compression.NONE), 0))))
                .isEqualTo(Rejection.DIMENSION);
        assertThat(rejection(hub.submit(
                        agent(2).sign(stalePlan, DeltaCodec.encode(new float[nan.length], Compression.NONE), 0))))
                .isEqualTo(Rejection.STALE_BASE);
        assertThat(rejection(hub.submit(agent(0).train(p, invite.global())))).isEqualTo(Rejection.DUPLICATE);
        AgentIdentity stranger = AgentIdentity.generate("agent-9");
        Participant outsider =
                new Participant(stranger, Fleet.SHAPE, Fleet.windows(8, 0, 1, new Random(1)), ScalerStats.empty(0), 1);
        assertThat(rejection(hub.submit(outsider.train(p, invite.global())))).isEqualTo(Rejection.NOT_SELECTED);
    }

    @Test
    void rejectsANormOutlierAndAggregatesTheRest() {
        RoundCoordinator hub = coordinator();
        var invite = hub.open(plan(3), fleet.keys.keySet(), 4);
        RoundPlan p = invite.plan();
        for (int i = 0; i < 3; i++) {
            hub.submit(agent(i).train(p, invite.global()));
        }
        Participant.Trained t = agent(3).trainDelta(p, invite.global());
        float[] poisoned = t.delta();
        for (int i = 0; i < poisoned.length; i++) {
            poisoned[i] *= 100;
        }
        hub.submit(agent(3).sign(p, DeltaCodec.encode(poisoned, Compression.NONE), t.loss()));

        var closed = hub.closeIfDue().orElseThrow();

        assertThat(closed.aggregated()).hasSize(3).doesNotContain("agent-3");
        assertThat(events)
                .anyMatch(e -> e instanceof RoundEvent.Rejected r
                        && r.agentId().equals("agent-3")
                        && r.reason() == Rejection.NORM_OUTLIER);
    }

    @Test
    void refusesAPlanThatDoesNotFollowTheLastRound() {
        RoundCoordinator hub = coordinator();
        RoundPlan p = plan(1);
        RoundPlan skipped = new RoundPlan(
                p.modelId(),
                p.round(),
                3,
                1,
                0.01,
                32,
                0,
                0,
                Compression.NONE,
                p.deadline(),
                1,
                p.aggregator(),
                5,
                p.privacy());

        assertThatThrownBy(() -> hub.open(skipped, fleet.keys.keySet(), 4)).hasMessageContaining("version 3");
        assertThatThrownBy(() -> hub.open(p, fleet.keys.keySet(), 0)).hasMessageContaining("quorum 1");
    }

    @Test
    void planNamesTheBadFieldAndValue() {
        assertThatThrownBy(() -> new RoundPlan(
                        "m",
                        0,
                        0,
                        1,
                        0.01,
                        32,
                        0,
                        0,
                        Compression.NONE,
                        START,
                        1,
                        new Aggregator.FedAvg(),
                        0,
                        DifferentialPrivacy.OFF))
                .hasMessageContaining("round 0");
        assertThatThrownBy(() -> new RoundPlan(
                        "m",
                        1,
                        0,
                        1,
                        2.0,
                        32,
                        0,
                        0,
                        Compression.NONE,
                        START,
                        1,
                        new Aggregator.FedAvg(),
                        0,
                        DifferentialPrivacy.OFF))
                .hasMessageContaining("learningRate 2.0");
        assertThatThrownBy(() -> new RoundPlan(
                        "m",
                        1,
                        0,
                        1,
                        0.01,
                        32,
                        0,
                        0,
                        Compression.NONE,
                        START,
                        1,
                        new Aggregator.FedAvg(),
                        0,
                        new DifferentialPrivacy(1, 1e-5)))
                .hasMessageContaining("clipNorm");
    }
}
