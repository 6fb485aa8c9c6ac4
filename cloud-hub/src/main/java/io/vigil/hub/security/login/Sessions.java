package io.vigil.hub.security.login;

import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySetupException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opaque session tokens: 256 random bits handed to the client once, kept here only as their SHA-256, each with its
 * user, role and expiry. Sessions live in memory: a hub restart logs everyone out. Expiry is judged by the injected
 * {@link Clock}, so tests advance a clock instead of sleeping.
 */
public final class Sessions {
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Principal> byHash = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("session ttl " + ttl + " must be positive");
        }
        this.clock = clock;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Starts a session for {@code user} and returns its token. */
    public Issued issue(User user) {
        String token = Secrets.random(32);
        var principal = new Principal(user.name(), user.role(), clock.instant().plus(ttl));
        byHash.put(hash(token), principal);
        purgeExpired();
        return new Issued(token, principal);
    }

    /** The session's principal, or empty when the token is unknown or expired (an expired one is forgotten). */
    public Optional<Principal> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String h = hash(token);
        Principal p = byHash.get(h);
        if (p == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(p.expires())) {
            byHash.remove(h, p);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Ends the session; false when there was none. */
    public boolean revoke(String token) {
        return token != null && byHash.remove(hash(token)) != null;
    }

    /** Ends every session of {@code user} (removed or role changed). */
    public void revokeUser(String user) {
        byHash.values().removeIf(p -> p.user().equals(user));
    }

    public int size() {
        return byHash.size();
    }

    private void purgeExpired() {
        var now = clock.instant();
        byHash.values().removeIf(p -> !now.isBefore(p.expires()));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new SecuritySetupException("SHA-256 missing", e);
        }
    }

    /** A new session: the token (shown once) and whose it is. */
    public record Issued(String token, Principal principal) {}
}
