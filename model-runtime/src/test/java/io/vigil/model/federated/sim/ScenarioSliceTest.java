package io.vigil.model.federated.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.eval.CmapssData;
import io.vigil.model.eval.SkabData;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import io.vigil.testing.SharedData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both scenarios end to end on small slices of the real data sets (the full runs are `vigil fl simulate`). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScenarioSliceTest {

    private static Scenario scenario(int agents, Compression compression) {
        return new Scenario(
                agents,
                3,
                0,
                1,
                List.of(16, 4, 16),
                0.003,
                64,
                compression,
                new Aggregator.FedAvg(),
                0,
                0,
                5,
                false,
                0,
                DifferentialPrivacy.OFF,
                Duration.ofMinutes(5),
                42);
    }

    @Test
    void skabSliceFederatesFourAgentsAndScoresEveryTestPoint() {
        List<SkabData.Experiment> slice = SkabData.load(SharedData.skab()).subList(0, 8);
        List<String> progress = new ArrayList<>();

        var report = new SkabFederation(scenario(4, new Compression(0.1, true)), 10, 15, 0.99, 1.3, progress::add)
                .run(slice);

        long testPoints = slice.stream().mapToLong(e -> e.rows().length - 400).sum();
        var c = report.federated();
        assertThat(c.tp() + c.fp() + c.tn() + c.fn()).isEqualTo(testPoints);
        assertThat(c.tp()).as("anomalies found by the federated model").isPositive();
        assertThat(report.run().rounds()).isEqualTo(3);
        assertThat(report.localOnlyOnOthers()).containsOnlyKeys("agent-1", "agent-2", "agent-3", "agent-4");
        assertThat(report.run().uploadBytesPerAgentPerRound())
                .isLessThan(report.run().denseUploadBytesPerAgentPerRound() / 8);
        // the download is compressed too from round 2 on: a dense round trip would be twice the dense upload
        assertThat(report.run().bytesPerAgentPerRound()).isLessThan(report.run().denseUploadBytesPerAgentPerRound());
    }

    @Test
    void cmapssSliceFederatesByEngineAndBeatsPredictingTheMean() {
        var full = CmapssData.load(SharedData.cmapssFd001());
        var slice = new CmapssData.Fd001(full.train().subList(0, 20), full.test(), full.testRul());

        var report = new CmapssFederation(scenario(4, Compression.NONE), 30, 3, 125, line -> {}).run(slice);

        double mean = Arrays.stream(full.testRul())
                .map(r -> Math.min(r, 125))
                .average()
                .orElseThrow();
        double constant = Math.sqrt(Arrays.stream(full.testRul())
                .mapToDouble(r -> (r - mean) * (r - mean))
                .average()
                .orElseThrow());
        assertThat(report.federated()).isLessThan(constant);
        assertThat(report.localOnly()).hasSize(4);
    }
}
