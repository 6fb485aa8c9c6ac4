package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicFilterTest {
    @Test
    void matchesExactPlusAndHashFilters() {
        String ncmd = "spBv1.0/vigil/NCMD/edge-1";

        assertThat(TopicFilter.matches(ncmd, ncmd)).isTrue();
        assertThat(TopicFilter.matches("spBv1.0/+/NCMD/+", ncmd)).isTrue();
        assertThat(TopicFilter.matches("spBv1.0/vigil/#", ncmd)).isTrue();
        assertThat(TopicFilter.matches("#", ncmd)).isTrue();
    }

    @Test
    void rejectsOtherTopicsAndLevels() {
        String ncmd = "spBv1.0/vigil/NCMD/edge-1";

        assertThat(TopicFilter.matches("spBv1.0/vigil/DCMD/+", ncmd)).isFalse();
        assertThat(TopicFilter.matches("spBv1.0/vigil/NCMD", ncmd)).isFalse();
        assertThat(TopicFilter.matches("spBv1.0/vigil/NCMD/edge-1/x", ncmd)).isFalse();
        assertThat(TopicFilter.matches("spBv1.0/+/NCMD/edge-2", ncmd)).isFalse();
    }
}
