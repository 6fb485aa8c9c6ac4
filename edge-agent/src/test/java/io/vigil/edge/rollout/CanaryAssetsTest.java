package io.vigil.edge.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CanaryAssetsTest {
    static final List<String> ASSETS =
            IntStream.range(0, 200).mapToObj(i -> "pump-" + i).toList();

    @Test
    void picksFivePercentByDefaultShareAndAtLeastOneAsset() {
        assertThat(CanaryAssets.pick("pump-ae", ASSETS, 0.05)).hasSize(10);
        assertThat(CanaryAssets.pick("pump-ae", List.of("pump-1", "pump-2"), 0.05))
                .hasSize(1);
        assertThat(CanaryAssets.pick("pump-ae", List.of(), 0.05)).isEmpty();
    }

    @Test
    void theChoiceDependsOnlyOnTheNamesAndGrowsWithTheShare() {
        var small = CanaryAssets.pick("pump-ae", ASSETS, 0.05);
        var reversed = CanaryAssets.pick(
                "pump-ae",
                new ArrayList<>(ASSETS) {
                    {
                        Collections.reverse(this);
                    }
                },
                0.05);
        var larger = CanaryAssets.pick("pump-ae", ASSETS, 0.20);
        var otherModel = CanaryAssets.pick("fan-ae", ASSETS, 0.05);

        assertThat(reversed).isEqualTo(small);
        assertThat(larger).hasSize(40).containsAll(small);
        assertThat(otherModel).isNotEqualTo(small);
    }
}
