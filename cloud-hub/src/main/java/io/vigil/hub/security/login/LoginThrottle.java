package io.vigil.hub.security.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #MAX_FAILURES} wrong passwords in a row for one user name, logins for
 * that name are refused for {@link #LOCKOUT} (429 {@code auth.throttled}) without checking the password. The cost
 * is that someone guessing can keep a known user locked out; the PBKDF2 cost already bounds the guessing rate.
 */
public final class LoginThrottle {
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCKOUT = Duration.ofSeconds(30);
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private record Failures(int count, Instant lockedUntil) {}

    /** How long {@code user} must still wait, or empty when a login may be tried now. */
    public Optional<Duration> wait(String user) {
        Failures f = byUser.get(user);
        Instant now = clock.instant();
        if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    public void failed(String user) {
        if (byUser.size() >= MAX_TRACKED) {
            Instant now = clock.instant();
            byUser.values().removeIf(f -> f.lockedUntil() == null || !now.isBefore(f.lockedUntil()));
        }
        byUser.compute(user, (k, f) -> {
            int count = f == null || f.lockedUntil() != null ? 1 : f.count() + 1;
            return count >= MAX_FAILURES ? new Failures(0, clock.instant().plus(LOCKOUT)) : new Failures(count, null);
        });
    }

    public void succeeded(String user) {
        byUser.remove(user);
    }
}
