package io.vigil.model.federated.secure;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The JDK primitives secure aggregation is built from: X25519, SHA-256, AES-CTR as a PRG, AES-GCM for shares. */
final class Crypto {
    private Crypto() {}

    static KeyPair x25519() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no X25519: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the X25519 shared secret and {@code label}: a 32-byte key both sides derive alike. */
    static byte[] agree(PrivateKey mine, PublicKey theirs, String label) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(mine);
            ka.doPhase(theirs, true);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ka.generateSecret());
            sha.update(label.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 key agreement failed: " + e.getMessage(), e);
        }
    }

    /** The private scalar, 32 bytes, as the JDK holds it. */
    static byte[] scalar(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar().orElseThrow(() -> new IllegalStateException("no X25519 scalar"));
    }

    static PrivateKey privateKey(byte[] scalar) {
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot rebuild an X25519 key: " + e.getMessage(), e);
        }
    }

    /** {@code n} pseudo-random 32-bit words from a 32-byte seed (AES-256 in counter mode, zero IV: one use per seed). */
    static int[] expand(byte[] seed, int n) {
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
            byte[] stream = aes.doFinal(new byte[4 * n]);
            int[] words = new int[n];
            ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
            return words;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable: " + e.getMessage(), e);
        }
    }

    static byte[] seal(byte[] key, byte[] nonce12, byte[] plain) {
        return gcm(Cipher.ENCRYPT_MODE, key, nonce12, plain);
    }

    static byte[] open(byte[] key, byte[] nonce12, byte[] sealed) {
        return gcm(Cipher.DECRYPT_MODE, key, nonce12, sealed);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("share cannot be opened: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(BigInteger v) {
        return v.toByteArray();
    }
}
