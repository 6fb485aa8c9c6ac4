package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.modbus.LearnedLimits.Learned;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(5)
class LearnedLimitsTest {
    @TempDir
    Path dir;

    @Test
    void whatOneProcessSavedTheNextOneReadsBack() throws Exception {
        Path file = dir.resolve("state/modbus-limits.properties");
        var first = LearnedLimits.unshared(file);
        first.put("10.0.0.5:502:1", new Learned(32, 32));
        first.put("10.0.0.6:502:3", new Learned(50, 125));

        var second = LearnedLimits.unshared(file);
        assertThat(second.get("10.0.0.5:502:1")).contains(new Learned(32, 32));
        assertThat(second.get("10.0.0.6:502:3")).contains(new Learned(50, 125));
        assertThat(second.get("10.0.0.7:502:1")).isEmpty();
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void aCorruptFileIsIgnoredAndReplacedAtTheNextChange() throws Exception {
        Path file = dir.resolve("modbus-limits.properties");
        Files.writeString(file, "10.0.0.5\\:502\\:1=\\uZZZZ\n");
        var limits = LearnedLimits.unshared(file);
        assertThat(limits.get("10.0.0.5:502:1")).isEmpty();

        limits.put("10.0.0.5:502:1", new Learned(16, 125));
        assertThat(LearnedLimits.unshared(file).get("10.0.0.5:502:1")).contains(new Learned(16, 125));
    }

    @Test
    void aBadEntryIsIgnoredAndTheOthersAreKept() throws Exception {
        Path file = dir.resolve("modbus-limits.properties");
        Files.writeString(file, "a\\:502\\:1=200/125\nb\\:502\\:1=lots\nc\\:502\\:1=40/80\n");
        var limits = LearnedLimits.unshared(file);
        assertThat(limits.get("a:502:1")).isEmpty();
        assertThat(limits.get("b:502:1")).isEmpty();
        assertThat(limits.get("c:502:1")).contains(new Learned(40, 80));
    }

    @Test
    void aLimitAboveItsCeilingIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new Learned(60, 30)).hasMessage("limit 60 must be 1..30 (the ceiling)");
        assertThatThrownBy(() -> new Learned(1, 126)).hasMessage("ceiling 126 must be 1..125");
    }
}
