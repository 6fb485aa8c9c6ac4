package io.vigil.edge.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class BackoffTest {
    @Test
    void doublesFromOneSecondToThirtyAndResets() {
        var b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);

        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterKeepsDelaysBetweenHalfAndFullNominal() {
        var low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);

        assertThat(low.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(1000));
    }
}
