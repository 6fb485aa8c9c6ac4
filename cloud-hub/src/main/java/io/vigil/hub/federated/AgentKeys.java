package io.vigil.hub.federated;

import io.vigil.hub.api.ApiError;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ed25519 keys agents sign their updates with, and when each agent last asked for an invitation.
 *
 * <p>Enrolled certificates carry EC keys (the CA's choice for TLS), and the protocol core verifies Ed25519, so an
 * agent registers an Ed25519 public key through the registry channel. Over HTTPS that request is admitted only with
 * the agent's own certificate, which binds the key to the enrolled identity; the first key an agent registers with
 * this hub process stays (another one is refused with {@code fl.key.conflict}), so a stolen session cannot swap it.
 * Kept in memory: after a hub restart agents register again.
 */
public final class AgentKeys {
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Instant> polled = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration readyWithin;

    /** @param readyWithin an agent counts as ready for a round when it polled at most this long ago */
    public AgentKeys(Clock clock, Duration readyWithin) {
        this.clock = clock;
        this.readyWithin = readyWithin;
    }

    /**
     * Registers {@code agent}'s key (X.509 SubjectPublicKeyInfo, base64); the same key again changes nothing.
     *
     * @throws io.vigil.hub.api.ApiException 400 when it is not an Ed25519 key, 409 {@code fl.key.conflict}
     */
    public void register(String agent, String base64) {
        PublicKey key = decode(agent, base64);
        PublicKey held = keys.putIfAbsent(agent, key);
        if (held != null && !held.equals(key)) {
            throw ApiError.FL_KEY_CONFLICT.exception(
                    "agent " + agent + " registered another update-signing key with this hub before");
        }
        polled.put(agent, clock.instant());
    }

    /** Notes that {@code agent} asked for an invitation now. */
    public void polled(String agent) {
        polled.put(agent, clock.instant());
    }

    /** Agents with a key that polled within the ready window, sorted. */
    public List<String> ready() {
        Instant since = clock.instant().minus(readyWithin);
        return keys.keySet().stream()
                .filter(a -> polled.getOrDefault(a, Instant.EPOCH).isAfter(since))
                .sorted()
                .toList();
    }

    /** A copy of every registered key: what a round verifies signatures with. */
    public Map<String, PublicKey> snapshot() {
        return Map.copyOf(keys);
    }

    private static PublicKey decode(String agent, String base64) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return key;
        } catch (Exception e) {
            throw ApiError.PARAM_INVALID.exception("field publicKey of agent " + agent
                    + " is not a base64 X.509 Ed25519 public key (" + e.getMessage() + ")");
        }
    }
}
