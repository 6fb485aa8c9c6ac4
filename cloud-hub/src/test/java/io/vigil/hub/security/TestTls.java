package io.vigil.hub.security;

import io.vigil.hub.security.pki.CertificateAuthority;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTPS clients for tests: trusting only a hub's CA, with or without an agent's certificate. */
public final class TestTls {
    private TestTls() {}

    /** A client that trusts {@code caPem} only and presents no certificate (a browser, a script). */
    public static HttpClient trusting(Path caPem) {
        return client(context(null, caPem));
    }

    /** A client that trusts the enrollment's CA and presents the agent's certificate. */
    public static HttpClient presenting(CertificateAuthority.Enrollment agent) {
        return client(context(agent, agent.trustStore()));
    }

    public static SSLContext context(CertificateAuthority.Enrollment agent, Path caPem) {
        try {
            var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(caPem)) {
                trusted.setCertificateEntry(
                        "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            var context = SSLContext.getInstance("TLS");
            if (agent == null) {
                context.init(null, tmf.getTrustManagers(), null);
            } else {
                var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = Secrets.readPassword(agent.passwordFile());
                kmf.init(CertificateAuthority.readStore(agent.keyStore(), agent.passwordFile()), password);
                context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            }
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
