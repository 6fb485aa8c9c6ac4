package io.vigil.model.federated;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * An agent's Ed25519 signing key for model updates (JDK 15+, no dependency). Live agents will use the key of their
 * enrolled certificate; the simulation generates one per agent.
 *
 * @param agentId who signs
 * @param keys the key pair
 */
public record AgentIdentity(String agentId, KeyPair keys) {
    public static AgentIdentity generate(String agentId) {
        try {
            return new AgentIdentity(
                    agentId, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    public byte[] sign(byte[] message) {
        return sign(keys.getPrivate(), message);
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /** True when {@code signature} is {@code key}'s Ed25519 signature of {@code message}; false for any garbage. */
    public static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
