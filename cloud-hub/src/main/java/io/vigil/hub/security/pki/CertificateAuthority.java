package io.vigil.hub.security.pki;

import io.vigil.core.sample.Tags;
import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySetupException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's own certificate authority, kept in one directory (the PKI directory, {@code .vigil/hub/pki} by default):
 *
 * <ul>
 *   <li>{@code ca.p12} + {@code ca.password}: the CA's EC P-256 key and self-signed certificate (10 years);
 *   <li>{@code ca.pem}: the CA certificate alone, the trust anchor of the hub and of every agent;
 *   <li>{@code hub.p12} + {@code hub.password}: the hub's server key and certificate (TLS server only, with the
 *       subject alternative names 127.0.0.1, localhost and the hosts given to {@code vigil hub init});
 *   <li>{@code agents/AGENT/}: what {@link #enroll} issued to an agent (TLS client only, CN = the agent id).
 * </ul>
 *
 * Key stores are PKCS#12 protected by a random password in a file next to them; both are created readable by their
 * owner only. Extended key usage keeps the roles apart: a server certificate is refused as a client and the reverse.
 */
public final class CertificateAuthority {
    public static final String CA_STORE = "ca.p12";
    public static final String CA_PASSWORD = "ca.password";
    public static final String CA_CERT = "ca.pem";
    public static final String HUB_STORE = "hub.p12";
    public static final String HUB_PASSWORD = "hub.password";
    public static final String AGENT_STORE = "agent.p12";
    public static final String AGENT_PASSWORD = "agent.password";
    static final String ALIAS = "vigil";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path dir;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;

    private CertificateAuthority(Path dir, PrivateKey key, X509Certificate certificate, Clock clock) {
        this.dir = dir;
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
    }

    /** Whether {@code dir} holds a CA made by {@link #init}. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(CA_STORE)) && Files.isRegularFile(dir.resolve(CA_PASSWORD));
    }

    /**
     * Creates the CA and the hub's server certificate in {@code dir}; refuses when a CA is already there, since
     * replacing it would lock out every enrolled agent.
     */
    public static CertificateAuthority init(Path dir, List<String> hubHosts, Clock clock) {
        if (exists(dir)) {
            throw new SecuritySetupException("a CA already exists in " + dir + " (remove the directory to start over;"
                    + " every agent must then be enrolled again)");
        }
        KeyPair pair = newKeyPair();
        X500Name name = name("Vigil hub CA " + Secrets.random(6));
        Instant now = clock.instant();
        var builder = builder(name, name, pair, now, CA_VALIDITY);
        extend(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        extend(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        extend(
                builder,
                Extension.subjectKeyIdentifier,
                false,
                extensions().createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate cert = sign(builder, pair.getPrivate());
        var ca = new CertificateAuthority(dir, pair.getPrivate(), cert, clock);
        writeStore(dir.resolve(CA_STORE), dir.resolve(CA_PASSWORD), pair.getPrivate(), cert);
        Secrets.writePrivate(dir.resolve(CA_CERT), pem(cert));
        ca.issueServer(hubHosts);
        return ca;
    }

    /** Loads the CA from {@code dir}. */
    public static CertificateAuthority load(Path dir, Clock clock) {
        if (!exists(dir)) {
            throw new SecuritySetupException("no CA in " + dir + ": run vigil hub init first");
        }
        KeyStore store = readStore(dir.resolve(CA_STORE), dir.resolve(CA_PASSWORD));
        try {
            var key = (PrivateKey) store.getKey(ALIAS, Secrets.readPassword(dir.resolve(CA_PASSWORD)));
            var cert = (X509Certificate) store.getCertificate(ALIAS);
            return new CertificateAuthority(dir, key, cert, clock);
        } catch (GeneralSecurityException e) {
            throw new SecuritySetupException("cannot read the CA key in " + dir.resolve(CA_STORE) + ": " + e, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Path dir() {
        return dir;
    }

    /** Where {@link #enroll(String)} puts an agent's files by default. */
    public Path agentDir(String agent) {
        return dir.resolve("agents").resolve(agent);
    }

    public Enrollment enroll(String agent) {
        return enroll(agent, agentDir(agent));
    }

    /**
     * Issues a TLS client certificate with CN = {@code agent}, signed by this CA, and writes {@code agent.p12},
     * {@code agent.password} and the trust anchor {@code ca.pem} into {@code out}.
     */
    public Enrollment enroll(String agent, Path out) {
        if (!Tags.isValidId(agent)) {
            throw new SecuritySetupException(
                    "agent id '" + agent + "' is not a valid id (letters, digits, '-', '_', '.')");
        }
        KeyPair pair = newKeyPair();
        var builder = leaf(name(agent), pair, KeyPurposeId.id_kp_clientAuth);
        X509Certificate cert = sign(builder, key);
        var enrollment =
                new Enrollment(agent, out.resolve(AGENT_STORE), out.resolve(AGENT_PASSWORD), out.resolve(CA_CERT));
        writeStore(enrollment.keyStore(), enrollment.passwordFile(), pair.getPrivate(), cert, certificate);
        Secrets.writePrivate(enrollment.trustStore(), pem(certificate));
        RevocationList.recordIssued(dir, cert.getSerialNumber(), agent, clock.instant());
        return enrollment;
    }

    /**
     * Revokes the certificates issued to {@code agent} ({@code issued.txt}), or only {@code serial} when given; the
     * running hub refuses them within seconds and closes their open connections. Returns the serials newly revoked.
     */
    public List<BigInteger> revoke(String agent, Optional<BigInteger> serial, String reason) {
        List<BigInteger> serials = serial.map(List::of).orElseGet(() -> RevocationList.issuedTo(dir, agent));
        if (serials.isEmpty()) {
            throw new SecuritySetupException("no certificate issued to agent '" + agent + "' is listed in "
                    + dir.resolve(RevocationList.ISSUED) + "; give its serial number with --serial (shown by"
                    + " 'keytool -list -v -storetype PKCS12 -keystore agent.p12')");
        }
        var revoked = new ArrayList<BigInteger>();
        for (BigInteger s : serials) {
            if (RevocationList.revoke(dir, s, agent, clock.instant(), reason)) {
                revoked.add(s);
            }
        }
        return revoked;
    }

    private void issueServer(List<String> hosts) {
        KeyPair pair = newKeyPair();
        var builder = leaf(name("vigil-hub"), pair, KeyPurposeId.id_kp_serverAuth);
        var names = new ArrayList<GeneralName>();
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        for (String h : hosts) {
            if (!h.isBlank() && !h.equals("127.0.0.1") && !h.equals("localhost")) {
                names.add(new GeneralName(isIpLiteral(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
            }
        }
        extend(builder, Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        X509Certificate cert = sign(builder, key);
        writeStore(dir.resolve(HUB_STORE), dir.resolve(HUB_PASSWORD), pair.getPrivate(), cert, certificate);
    }

    private X509v3CertificateBuilder leaf(X500Name subject, KeyPair pair, KeyPurposeId purpose) {
        var builder = builder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                subject,
                pair,
                clock.instant(),
                LEAF_VALIDITY);
        var ext = extensions();
        extend(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        extend(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        extend(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        extend(builder, Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        try {
            extend(builder, Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        } catch (GeneralSecurityException e) {
            throw new SecuritySetupException("cannot derive the CA key identifier: " + e, e);
        }
        return builder;
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, KeyPair pair, Instant now, Duration validity) {
        var serial = new BigInteger(127, Secrets.RANDOM).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(
                issuer,
                serial,
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)),
                subject,
                pair.getPublic());
    }

    private static void extend(
            X509v3CertificateBuilder b, ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            b.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new SecuritySetupException("cannot encode certificate extension " + oid + ": " + e, e);
        }
    }

    private static JcaX509ExtensionUtils extensions() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new SecuritySetupException("SHA-1 digest missing for key identifiers: " + e, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            var contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new SecuritySetupException("cannot sign a certificate: " + e, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            var gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), Secrets.RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new SecuritySetupException("cannot generate an EC P-256 key: " + e, e);
        }
    }

    private static void writeStore(Path store, Path passwordFile, PrivateKey key, Certificate... chain) {
        String password = Secrets.random(24);
        try {
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
            var bytes = new ByteArrayOutputStream();
            ks.store(bytes, password.toCharArray());
            Secrets.writePrivate(passwordFile, password + "\n");
            Secrets.writePrivate(store, bytes.toByteArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new SecuritySetupException("cannot write key store " + store + ": " + e, e);
        }
    }

    /** Reads a PKCS#12 key store whose password is in {@code passwordFile}. */
    public static KeyStore readStore(Path store, Path passwordFile) {
        try (InputStream in = Files.newInputStream(store)) {
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(in, Secrets.readPassword(passwordFile));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new SecuritySetupException("cannot open key store " + store + ": " + e.getMessage(), e);
        }
    }

    static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new SecuritySetupException("cannot encode certificate: " + e, e);
        }
    }

    /**
     * What {@link #enroll} wrote for one agent: its key store, the key store's password file and the CA certificate.
     */
    public record Enrollment(String agent, Path keyStore, Path passwordFile, Path trustStore) {}
}
