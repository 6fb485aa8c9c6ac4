package io.vigil.edge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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

    /**
     * A TLS context that presents the agent's certificate and trusts only the certificates in {@link #trustStore} (the
     * hub's CA), not the JVM's trust store: for HTTPS to the hub.
     */
    public SSLContext sslContext() {
        try {
            var keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, password.toCharArray());
            }
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password.toCharArray());
            var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            try (InputStream in = Files.newInputStream(trustStore)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("ca-" + i++, c);
                }
            }
            if (i == 0) {
                throw new IllegalArgumentException("truststore " + trustStore + " holds no certificate");
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            var context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot use keystore " + keyStore + " with truststore " + trustStore + ": " + e.getMessage(), e);
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
