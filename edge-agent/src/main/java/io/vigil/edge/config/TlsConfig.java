package io.vigil.edge.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The agent's side of mutual TLS with the hub ({@code hub.tls} in {@code agent.yaml}), as {@code vigil hub enroll}
 * writes it.
 *
 * @param keyStore PKCS#12 with the agent's key and certificate (CN = the agent id)
 * @param password the key store's password (from {@code passwordFile} or {@code password})
 * @param trustStore the hub CA's certificate (PEM); the hub's certificate must chain to it and name the host dialled
 */
public record TlsConfig(Path keyStore, String password, Path trustStore) {
    public TlsConfig {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(trustStore, "trustStore");
        requireFile("keystore", keyStore);
        requireFile("truststore", trustStore);
        String name = trustStore.getFileName().toString();
        if (!name.endsWith(".pem") && !name.endsWith(".crt")) {
            throw new IllegalArgumentException(
                    "truststore " + trustStore + " must be a PEM certificate (.pem or .crt)");
        }
    }

    private static void requireFile(String what, Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " " + p + " does not exist");
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
    }
}
