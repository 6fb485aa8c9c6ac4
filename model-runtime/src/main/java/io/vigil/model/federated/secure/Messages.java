package io.vigil.model.federated.secure;

import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Map;

/** The four messages of a secure-aggregation round, as the hub relays them. */
public final class Messages {
    private Messages() {}

    /** Round 0: an agent's two fresh X25519 public keys. */
    public record Advertisement(String agentId, PublicKey maskKey, PublicKey cipherKey) {
        int bytes() {
            return agentId.length() + maskKey.getEncoded().length + cipherKey.getEncoded().length;
        }
    }

    /** Round 1: {@code from}'s shares for {@code to}, sealed with a key only the two of them can derive. */
    public record SealedShare(String from, String to, byte[] sealed) {
        int bytes() {
            return from.length() + to.length() + sealed.length;
        }
    }

    /** Round 2: the masked fixed-point input. */
    public record MaskedInput(String agentId, int[] masked) {
        int bytes() {
            return agentId.length() + 4 * masked.length;
        }
    }

    /**
     * Round 3: what one surviving agent reveals: its share of each dropped agent's mask key, and of each survivor's
     * self-mask seed; never both for one agent.
     */
    public record Reveal(
            String from, int x, Map<String, BigInteger> maskKeyShares, Map<String, BigInteger> seedShares) {
        int bytes() {
            int n = from.length() + 4;
            for (BigInteger v : maskKeyShares.values()) {
                n += v.toByteArray().length + 8;
            }
            for (BigInteger v : seedShares.values()) {
                n += v.toByteArray().length + 8;
            }
            return n;
        }
    }
}
