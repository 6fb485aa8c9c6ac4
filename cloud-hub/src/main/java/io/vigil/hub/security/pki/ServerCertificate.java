package io.vigil.hub.security.pki;

import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate the hub's HTTPS listener presents. The hub's own ({@code hub.p12} from {@code vigil hub init}) is
 * trusted by agents, which carry the hub's CA, but by no browser until the operator installs {@code ca.pem}; for
 * browsers, give a certificate from the plant's or a public CA instead, as PKCS#12 or PEM.
 */
public sealed interface ServerCertificate {
    /** Refuses, naming the file and what to do, when a file it needs is missing or unreadable. */
    void check(Path pkiDir);

    /** The key and certificate for the listener. */
    KeyCertOptions keyCertOptions(Path pkiDir);

    /** {@code hub.p12} and {@code hub.password} in the PKI directory. */
    record HubCertificate() implements ServerCertificate {
        @Override
        public void check(Path pkiDir) {
            Path store = pkiDir.resolve(CertificateAuthority.HUB_STORE);
            if (!CertificateAuthority.exists(pkiDir) || !Files.isReadable(store)) {
                throw new SecuritySetupException("HTTPS with the hub's own certificate needs " + store
                        + ", which does not exist: run 'vigil hub init' first (or name the PKI directory with --pki),"
                        + " or give an operator certificate with --tls-cert and --tls-key or with --tls-keystore");
            }
            CertificateAuthority.readStore(store, pkiDir.resolve(CertificateAuthority.HUB_PASSWORD));
        }

        @Override
        public KeyCertOptions keyCertOptions(Path pkiDir) {
            return pfx(
                    pkiDir.resolve(CertificateAuthority.HUB_STORE), pkiDir.resolve(CertificateAuthority.HUB_PASSWORD));
        }

        @Override
        public String toString() {
            return "the hub's certificate";
        }
    }

    /**
     * An operator's PKCS#12 key store.
     *
     * @param keyStore the key store with one key and its certificate chain
     * @param passwordFile a file whose first line is the key store's password
     */
    record Pkcs12(Path keyStore, Path passwordFile) implements ServerCertificate {
        public Pkcs12 {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(passwordFile, "passwordFile");
        }

        @Override
        public void check(Path pkiDir) {
            requireReadable(keyStore, "the HTTPS key store (--tls-keystore)");
            requireReadable(passwordFile, "its password file (--tls-keystore-password-file)");
            CertificateAuthority.readStore(keyStore, passwordFile);
        }

        @Override
        public KeyCertOptions keyCertOptions(Path pkiDir) {
            return pfx(keyStore, passwordFile);
        }

        @Override
        public String toString() {
            return keyStore.toString();
        }
    }

    /**
     * An operator's PEM files.
     *
     * @param certificateChain the server certificate, followed by its intermediates
     * @param key the private key, PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}),
     *     unencrypted and readable by the hub's user only
     */
    record Pem(Path certificateChain, Path key) implements ServerCertificate {
        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public void check(Path pkiDir) {
            requireReadable(certificateChain, "the HTTPS certificate (--tls-cert)");
            requireReadable(key, "the HTTPS private key (--tls-key)");
        }

        @Override
        public KeyCertOptions keyCertOptions(Path pkiDir) {
            return new PemKeyCertOptions()
                    .setCertPath(certificateChain.toString())
                    .setKeyPath(key.toString());
        }

        @Override
        public String toString() {
            return certificateChain.toString();
        }
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new SecuritySetupException(what + " " + file + " does not exist or cannot be read");
        }
    }

    private static PfxOptions pfx(Path store, Path passwordFile) {
        return new PfxOptions().setPath(store.toString()).setPassword(new String(Secrets.readPassword(passwordFile)));
    }
}
