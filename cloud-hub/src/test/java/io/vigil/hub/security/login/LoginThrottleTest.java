package io.vigil.hub.security.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void locksAUserOutAfterFiveWrongPasswordsInARowUntilTheLockoutEnds() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("ada");
        }
        assertThat(throttle.wait("ada")).isEmpty();

        throttle.failed("ada");
        assertThat(throttle.wait("ada")).contains(LoginThrottle.LOCKOUT);
        assertThat(throttle.wait("bob")).isEmpty();

        clock.advance(LoginThrottle.LOCKOUT.minusSeconds(1));
        assertThat(throttle.wait("ada")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.wait("ada")).isEmpty();
    }

    @Test
    void aSuccessfulLoginClearsTheCount() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("ada");
        }
        throttle.succeeded("ada");
        throttle.failed("ada");

        assertThat(throttle.wait("ada")).isEmpty();
    }
}
