package io.vigil.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TakeoverTest {
    /** Delays asked for, with the action run at once (no real waiting). */
    private final List<Long> delays = new ArrayList<>();

    private Takeover takeover(AtomicInteger failuresLeft, AtomicBoolean claimed, AtomicInteger calls) {
        return new Takeover(
                session -> {
                    calls.incrementAndGet();
                    return failuresLeft.getAndDecrement() > 0
                            ? Future.failedFuture(new IllegalStateException("broker unreachable"))
                            : Future.succeededFuture(42L);
                },
                session -> claimed.get(),
                (delay, action) -> {
                    delays.add(delay);
                    action.run();
                });
    }

    @Test
    void triesAFailedTakeoverAgainWithGrowingDelaysUntilItSucceeds() {
        var calls = new AtomicInteger();
        var outcome =
                takeover(new AtomicInteger(2), new AtomicBoolean(false), calls).start("vigil-hub-a.1");

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.result()).isEqualTo(42L);
        assertThat(calls).hasValue(3);
        assertThat(delays).containsExactly(2_000L, 4_000L);
    }

    @Test
    void givesUpAfterFiveAttempts() {
        var calls = new AtomicInteger();
        var outcome = takeover(new AtomicInteger(100), new AtomicBoolean(false), calls)
                .start("vigil-hub-a");

        assertThat(outcome.failed()).isTrue();
        assertThat(calls).hasValue(Takeover.ATTEMPTS);
        assertThat(delays).containsExactly(2_000L, 4_000L, 8_000L, 16_000L);
    }

    @Test
    void stopsWhenTheDeadHubComesBackAndAnnouncesTheSessionAgain() {
        var calls = new AtomicInteger();
        var claimed = new AtomicBoolean(false);
        var takeover = new Takeover(
                session -> {
                    calls.incrementAndGet();
                    claimed.set(true); // the hub rejoins while the first attempt fails
                    return Future.failedFuture(new IllegalStateException("client id in use"));
                },
                session -> claimed.get(),
                (delay, action) -> action.run());

        var outcome = takeover.start("vigil-hub-a");

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.cause()).hasMessageContaining("resumed by its hub");
        assertThat(calls).hasValue(1);
    }
}
