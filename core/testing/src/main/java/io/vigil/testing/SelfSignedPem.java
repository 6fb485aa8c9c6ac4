package io.vigil.testing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway self-signed server certificate (RSA 2048, valid two days, naming 127.0.0.1 and localhost) and its key,
 * written as PEM for servers configured by file such as Mosquitto; made in-process so no openssl command is needed.
 */
public record SelfSignedPem(Path certificate, Path key) {
    /** Writes {@code <name>-cert.pem} and {@code <name>-key.pem} into {@code dir} for subject {@code CN=commonName}. */
    public static SelfSignedPem write(Path dir, String name, String commonName) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var keys = generator.generateKeyPair();
            var subject = new X500Name("CN=" + commonName + ",O=Vigil");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(
                        GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
                new GeneralName(GeneralName.dNSName, "localhost")
            }));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            byte[] der = builder.build(signer).getEncoded();
            var pem = new SelfSignedPem(dir.resolve(name + "-cert.pem"), dir.resolve(name + "-key.pem"));
            Files.writeString(pem.certificate(), pem("CERTIFICATE", der));
            Files.writeString(pem.key(), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return pem;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a self-signed certificate for " + commonName, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
