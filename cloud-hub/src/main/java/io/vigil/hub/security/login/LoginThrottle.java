package io.vigil.hub.security.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #MAX_FAILURES} wrong passwords in a row for one user name from one source
 * address, logins for that name from that address are refused for {@link #LOCKOUT} (429 {@code auth.throttled})
 * without checking the password. Keyed by source and user, not user alone (issue 21): with the user alone, anyone
 * could keep a known user locked out forever with five wrong passwords every 30 s. A guesser with many addresses gets
 * five tries per address per lockout; the PBKDF2 cost bounds the rate further. Behind a proxy every client shares the
 * proxy's address, which degrades to the old per-user lock.
 */
public final class LoginThrottle {
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCKOUT = Duration.ofSeconds(30);
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Map<Key, Failures> byUser = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private record Failures(int count, Instant lockedUntil) {}

    /** Who is trying: the client's address (host only, the port changes per connection) and the user name. */
    private record Key(String source, String user) {}

    /** How long {@code user} must still wait before trying from {@code source}, or empty when a login may be tried. */
    public Optional<Duration> wait(String source, String user) {
        Failures f = byUser.get(new Key(source, user));
        Instant now = clock.instant();
        if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    public void failed(String source, String user) {
        if (byUser.size() >= MAX_TRACKED) {
            Instant now = clock.instant();
            byUser.values().removeIf(f -> f.lockedUntil() == null || !now.isBefore(f.lockedUntil()));
        }
        byUser.compute(new Key(source, user), (k, f) -> {
            int count = f == null || f.lockedUntil() != null ? 1 : f.count() + 1;
            return count >= MAX_FAILURES ? new Failures(0, clock.instant().plus(LOCKOUT)) : new Failures(count, null);
        });
    }

    public void succeeded(String source, String user) {
        byUser.remove(new Key(source, user));
    }
}
