package io.vigil.hub.security.login;

import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySetupException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2-HMAC-SHA256 password hash in one string: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). The
 * iteration count travels with the hash, so raising {@link #ITERATIONS} later keeps old hashes verifiable.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int ITERATIONS = 210_000;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    public PasswordHash {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations " + iterations + " must be positive");
        }
        if (salt == null || salt.length < 8) {
            throw new IllegalArgumentException("salt must have at least 8 bytes");
        }
        if (hash == null || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("hash must have " + HASH_BITS / 8 + " bytes");
        }
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash of(char[] password) {
        var salt = new byte[SALT_BYTES];
        Secrets.RANDOM.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /** Whether {@code password} is the one hashed here (constant time in the hash comparison). */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    public String encode() {
        var b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public static PasswordHash decode(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("password hash is not " + PREFIX + "$ITERATIONS$SALT$HASH");
        }
        try {
            var b64 = Base64.getDecoder();
            return new PasswordHash(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        var spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new SecuritySetupException("PBKDF2WithHmacSHA256 is not available: " + e, e);
        } finally {
            spec.clearPassword();
        }
    }
}
