package io.vigil.adapters.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.HexFormat;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;

/**
 * The agent's own application instance certificate: created once (RSA 2048, SHA-256, self-signed, valid 5 years) in
 * {@code PKI/own/} and reused by every OPC UA device and every later start, so an operator trusts it on each server
 * once.
 *
 * <p>{@code PKI/own/vigil-agent.p12} holds key and certificate; its store password is not a secret (it is in the code),
 * the file's owner-only permissions protect the key. {@code PKI/own/certs/vigil-agent.der} is the certificate alone,
 * the file to copy into a server's trust list.
 *
 * @param thumbprint SHA-1 of the DER certificate in upper-case hex, as OPC UA servers show it
 */
record ClientCertificate(KeyPair keyPair, X509Certificate certificate, Path derFile, String thumbprint) {
    /** The application URI in the certificate; sessions must announce the same one. */
    static final String APPLICATION_URI = "urn:io.vigil:edge-agent";

    private static final char[] STORE_PASSWORD = "vigil".toCharArray();
    private static final String ALIAS = "vigil-agent";

    /** Loads the certificate from {@code pkiDir}, creating it (and the directories) the first time. */
    static synchronized ClientCertificate loadOrCreate(Path pkiDir) {
        Path store = pkiDir.resolve("own/vigil-agent.p12");
        Path der = pkiDir.resolve("own/certs/vigil-agent.der");
        try {
            if (!Files.exists(store)) {
                create(store, der);
            }
            var keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, STORE_PASSWORD);
            }
            var cert = (X509Certificate) keyStore.getCertificate(ALIAS);
            var key = (PrivateKey) keyStore.getKey(ALIAS, STORE_PASSWORD);
            if (!Files.exists(der)) {
                Files.createDirectories(der.getParent());
                Files.write(der, cert.getEncoded());
            }
            return new ClientCertificate(new KeyPair(cert.getPublicKey(), key), cert, der, thumbprint(cert));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the agent's OPC UA certificate in " + pkiDir + " cannot be read or made: " + e.getMessage(), e);
        }
    }

    private static void create(Path store, Path der) throws IOException, GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        X509Certificate cert;
        try {
            cert = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("Vigil edge agent")
                    .setOrganization("Vigil")
                    .setApplicationUri(APPLICATION_URI)
                    .addDnsName(hostName())
                    .addIpAddress("127.0.0.1")
                    .setValidityPeriod(Period.ofYears(5))
                    .build();
        } catch (Exception e) {
            throw new GeneralSecurityException("self-signed certificate: " + e.getMessage(), e);
        }
        var keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, STORE_PASSWORD);
        keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD, new Certificate[] {cert});
        Files.createDirectories(store.getParent());
        Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            keyStore.store(out, STORE_PASSWORD);
        }
        ownerOnly(tmp);
        Files.move(tmp, store, StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectories(der.getParent());
        Files.write(der, cert.getEncoded());
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies
        }
    }

    static String thumbprint(X509Certificate cert) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(cert.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(sha1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("thumbprint: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
