package io.vigil.core.device;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How an OPC UA session is secured: the security policy and message mode of the endpoint, the user identity, and the
 * directory holding the agent's own certificate and its trust store.
 *
 * @param policy {@code None}, {@code Basic256Sha256}, {@code Aes128_Sha256_RsaOaep} or {@code Aes256_Sha256_RsaPss}
 * @param mode {@code None} (only with policy None), {@code Sign} or {@code SignAndEncrypt}
 * @param username the user name of a username identity; empty for anonymous
 * @param passwordFile the file whose first line is the password of {@code username}; null for anonymous
 * @param pkiDir the agent's PKI directory: {@code own/} (its certificate, created once), {@code trusted/certs/} (server
 *     certificates it trusts), {@code rejected/} (server certificates it refused)
 */
public record DeviceSecurity(String policy, String mode, String username, Path passwordFile, Path pkiDir) {
    /** The policy names accepted in {@link #policy}. */
    public static final List<String> POLICIES =
            List.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss");
    /** The mode names accepted in {@link #mode}. */
    public static final List<String> MODES = List.of("None", "Sign", "SignAndEncrypt");
    /** Where the agent keeps its certificate unless the config names another directory. */
    public static final Path DEFAULT_PKI_DIR = Path.of(".vigil/agent/pki");

    public static final DeviceSecurity NONE = new DeviceSecurity("None", "None", "", null, DEFAULT_PKI_DIR);

    public DeviceSecurity {
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("security policy '" + policy + "' is not one of " + POLICIES);
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("security mode '" + mode + "' is not one of " + MODES);
        }
        if (policy.equals("None") != mode.equals("None")) {
            throw new IllegalArgumentException("security policy " + policy + " with mode " + mode
                    + ": policy None goes with mode None only, and every other policy needs Sign or SignAndEncrypt");
        }
        username = username == null ? "" : username;
        if (!username.isEmpty() && passwordFile == null) {
            throw new IllegalArgumentException("security username '" + username + "' needs a passwordFile");
        }
        Objects.requireNonNull(pkiDir, "pkiDir");
    }

    /** Whether the session is signed (and perhaps encrypted), which needs the agent's certificate. */
    public boolean secured() {
        return !policy.equals("None");
    }

    public boolean anonymous() {
        return username.isEmpty();
    }
}
