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
    private static final String HOME = "10.0.0.5";
    private static final String ELSEWHERE = "192.0.2.66";

    @Test
    void locksAUserOutAfterFiveWrongPasswordsInARowUntilTheLockoutEnds() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed(HOME, "ada");
        }
        assertThat(throttle.wait(HOME, "ada")).isEmpty();

        throttle.failed(HOME, "ada");
        assertThat(throttle.wait(HOME, "ada")).contains(LoginThrottle.LOCKOUT);
        assertThat(throttle.wait(HOME, "bob")).isEmpty();

        clock.advance(LoginThrottle.LOCKOUT.minusSeconds(1));
        assertThat(throttle.wait(HOME, "ada")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.wait(HOME, "ada")).isEmpty();
    }

    @Test
    void aSuccessfulLoginClearsTheCount() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed(HOME, "ada");
        }
        throttle.succeeded(HOME, "ada");
        throttle.failed(HOME, "ada");

        assertThat(throttle.wait(HOME, "ada")).isEmpty();
    }

    /** Issue 21: five wrong passwords every 30 s from anywhere kept a user locked out everywhere. */
    @Test
    void wrongPasswordsFromOneSourceDoNotLockTheUserOutElsewhere() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed(ELSEWHERE, "ada");
        }

        assertThat(throttle.wait(ELSEWHERE, "ada")).contains(LoginThrottle.LOCKOUT);
        assertThat(throttle.wait(HOME, "ada")).isEmpty();
    }
}
