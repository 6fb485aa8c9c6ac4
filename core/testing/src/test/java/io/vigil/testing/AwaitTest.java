package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class AwaitTest {
    @Test
    void untilReturnsOnceTheConditionHolds() throws Exception {
        var polls = new AtomicInteger();

        Await.until("the third poll", Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3);

        assertThat(polls).hasValue(3);
    }

    @Test
    void untilFailsNamingWhatItWaitedFor() {
        assertThatThrownBy(() -> Await.until("the pump to start", Duration.ofMillis(60), () -> false))
                .isExactlyInstanceOf(AssertionFailedError.class)
                .hasMessage("waited 0 s for: the pump to start");
    }

    @Test
    void withinSaysWhetherTheConditionHeld() {
        assertThat(Await.within(Duration.ofMillis(60), () -> false)).isFalse();
        assertThat(Await.within(Duration.ofMillis(60), () -> true)).isTrue();
    }

    @Test
    void resultThrowsTheStagesFailureAsItsCause() {
        var failed = CompletableFuture.<String>failedFuture(new IOException("refused"));

        assertThatThrownBy(() -> Await.result(failed))
                .isExactlyInstanceOf(ExecutionException.class)
                .cause()
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("refused");
    }

    @Test
    void resultFailsWhenTheStageRunsPastTheTimeout() {
        assertThatThrownBy(() -> Await.result(new CompletableFuture<>(), Duration.ofMillis(50)))
                .isExactlyInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("did not complete within");
    }

    @Test
    void aFreePortCanBeBoundOnLoopback() throws Exception {
        int port = Ports.free();
        try (var server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(port).isPositive();
        }
    }

    @Test
    void aMutableClockMovesOnlyWhenTold() {
        var start = Instant.parse("2026-01-01T00:00:00Z");
        var clock = new MutableClock(start);

        assertThat(clock.instant()).isEqualTo(start);
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(90));
        clock.set(start);
        assertThat(clock.millis()).isEqualTo(start.toEpochMilli());
    }
}
