package io.vigil.hub.security.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionsTest {
    private static final User ALICE = new User(
            "alice",
            Role.ENGINEER,
            PasswordHash.decode("pbkdf2-sha256$1$AAAAAAAAAAA$" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Sessions sessions = new Sessions(clock, Duration.ofHours(8));

    @Test
    void aTokenIsValidUntilItsExpiryAndNotAfter() {
        var issued = sessions.issue(ALICE);

        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(sessions.find(issued.token())).hasValueSatisfying(p -> {
            assertThat(p.user()).isEqualTo("alice");
            assertThat(p.role()).isEqualTo(Role.ENGINEER);
        });

        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(issued.token())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void anUnknownOrRevokedTokenFindsNobody() {
        var issued = sessions.issue(ALICE);

        assertThat(sessions.find(issued.token() + "x")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.revoke(issued.token())).isTrue();
        assertThat(sessions.find(issued.token())).isEmpty();
    }

    @Test
    void revokingAUserEndsEveryOneOfTheirSessionsOnly() {
        var a1 = sessions.issue(ALICE);
        var a2 = sessions.issue(ALICE);
        var bob = sessions.issue(new User("bob", Role.VIEWER, ALICE.password()));

        sessions.revokeUser("alice");

        assertThat(sessions.find(a1.token())).isEmpty();
        assertThat(sessions.find(a2.token())).isEmpty();
        assertThat(sessions.find(bob.token())).isPresent();
    }

    @Test
    void tokensAreLongAndDistinct() {
        var a = sessions.issue(ALICE).token();
        var b = sessions.issue(ALICE).token();

        assertThat(a).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(b);
    }
}
