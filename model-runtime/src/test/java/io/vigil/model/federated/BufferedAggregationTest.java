package io.vigil.model.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.sim.SteppedClock;
import io.vigil.model.federated.sim.Training;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferedAggregationTest {
    private final Fleet fleet = new Fleet(4, 64, 2);
    private final List<RoundEvent> events = new ArrayList<>();
    private final float[] initial = Training.initial(Fleet.SHAPE, 5);

    private BufferedAggregation buffer(int size, int maxStaleness) {
        return new BufferedAggregation(
                "test-ae",
                initial,
                fleet.keys,
                new Aggregator.FedAvg(),
                size,
                maxStaleness,
                0,
                new SteppedClock(Instant.EPOCH),
                events::add);
    }

    private RoundPlan plan(long sequence, long base) {
        RoundPlan p = Fleet.plan(Instant.EPOCH.plus(Duration.ofHours(1)), 1, new Aggregator.FedAvg(), 0);
        return new RoundPlan(
                p.modelId(),
                sequence,
                base,
                1,
                0.01,
                32,
                0,
                0,
                p.compression(),
                p.deadline(),
                1,
                p.aggregator(),
                0,
                p.privacy());
    }

    @Test
    void publishesANewVersionEachTimeTheBufferFills() {
        BufferedAggregation b = buffer(2, 3);
        for (int i = 0; i < 4; i++) {
            b.submit(fleet.participants.get(i).train(plan(1, b.version()), b.global()));
        }

        assertThat(b.version()).isEqualTo(2);
        assertThat(events).filteredOn(e -> e instanceof RoundEvent.Closed).hasSize(2);
    }

    @Test
    void acceptsALateUpdateWithinTheStalenessBoundAndDropsOneBeyondIt() {
        BufferedAggregation b = buffer(1, 1);
        float[] v0 = b.global();
        ModelUpdate late = fleet.participants.get(0).train(plan(1, 0), v0);
        ModelUpdate veryLate = fleet.participants.get(1).train(plan(1, 0), v0);
        b.submit(fleet.participants.get(2).train(plan(1, 0), v0));

        assertThat(b.submit(late)).isInstanceOf(Verdict.Accepted.class);
        Verdict v = b.submit(veryLate);

        assertThat(v).isInstanceOf(Verdict.Rejected.class);
        assertThat(((Verdict.Rejected) v).reason()).isEqualTo(Rejection.STALE_BASE);
        assertThat(((Verdict.Rejected) v).detail()).contains("2 versions behind");
    }

    @Test
    void refusesASequenceNumberAnAgentAlreadyUsed() {
        BufferedAggregation b = buffer(5, 3);
        ModelUpdate u = fleet.participants.get(0).train(plan(4, 0), b.global());
        b.submit(u);

        Verdict again = b.submit(u);

        assertThat(((Verdict.Rejected) again).reason()).isEqualTo(Rejection.REPLAY);
    }
}
