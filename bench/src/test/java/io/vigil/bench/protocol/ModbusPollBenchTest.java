package io.vigil.bench.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.tag.TagSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ModbusPollBenchTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 100, 125, 250})
    void defaultTagsCoverEveryRegisterWithoutGaps(int registers) {
        List<TagSpec> tags = ModbusPollBench.tagSpecs(ModbusPollBench.maxTags(registers), registers);

        int covered = 0;
        for (TagSpec tag : tags) {
            assertThat(tag.address()).isEqualTo("hr:" + covered);
            covered += tag.type().registers();
        }
        assertThat(covered).isEqualTo(registers);
    }

    @Test
    void hundredRegistersMakeSixtySevenMixedTags() {
        assertThat(ModbusPollBench.maxTags(100)).isEqualTo(67);
    }
}
