package io.vigil.hub;

import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.ServerCertificate;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s HTTPS options: the certificate in {@link SecuritySettings#https()}. */
final class HttpsOptions {
    private static final Logger log = LoggerFactory.getLogger(HttpsOptions.class);

    @Option(
            names = "--https",
            description =
                    "on: REST, the live WebSocket and the twin over TLS (https://, wss://) with --tls-cert/--tls-key,"
                            + " --tls-keystore or else the hub's certificate from 'vigil hub init'; with login on and a CA in"
                            + " --pki, agents may present their certificate instead of a password; off: plain HTTP; auto: on"
                            + " when a certificate is given or --pki holds a CA, else off.",
            defaultValue = "auto")
    Switch https;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description =
                    "With --https: the server certificate chain (PEM) to present instead of the hub's own, e.g. one"
                            + " browsers already trust; needs --tls-key (default: the hub's certificate).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "With --tls-cert: its private key, unencrypted PEM (PKCS#8 or PKCS#1).")
    Path tlsKey;

    @Option(
            names = "--tls-keystore",
            paramLabel = "P12",
            description = "With --https: a PKCS#12 key store to present instead of the hub's own certificate; needs"
                    + " --tls-keystore-password-file (default: the hub's certificate).")
    Path tlsKeystore;

    @Option(
            names = "--tls-keystore-password-file",
            paramLabel = "FILE",
            description = "With --tls-keystore: a file whose first line is its password.")
    Path tlsKeystorePasswordFile;

    /** {@code security} with the HTTPS listener {@code --https} and the certificate options ask for. */
    SecuritySettings apply(SecuritySettings security, String host) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UsageException("--tls-cert and --tls-key go together: the certificate and its private key");
        }
        if ((tlsKeystore == null) != (tlsKeystorePasswordFile == null)) {
            throw new UsageException("--tls-keystore and --tls-keystore-password-file go together");
        }
        if (tlsCert != null && tlsKeystore != null) {
            throw new UsageException("give either --tls-cert/--tls-key or --tls-keystore, not both");
        }
        boolean given = tlsCert != null || tlsKeystore != null;
        boolean on =
                switch (https) {
                    case on -> true;
                    case off -> false;
                    case auto -> given || CertificateAuthority.exists(security.pkiDir());
                };
        if (!on) {
            if (given) {
                throw new UsageException("--https off leaves --tls-cert/--tls-key unused: drop one of them");
            }
            if (security.auth() && !SecurityOptions.loopback(host)) {
                log.warn(
                        "HTTP is plain on {}: logins and session tokens cross the network in clear; run 'vigil hub"
                                + " init' or pass --tls-cert/--tls-key for HTTPS",
                        host);
            }
            return security;
        }
        return security.withHttps(certificate());
    }

    private ServerCertificate certificate() {
        if (tlsCert != null) {
            return new ServerCertificate.Pem(tlsCert, tlsKey);
        }
        return tlsKeystore != null
                ? new ServerCertificate.Pkcs12(tlsKeystore, tlsKeystorePasswordFile)
                : new ServerCertificate.HubCertificate();
    }
}
