package io.vigil.hub.security.pki;

import io.vertx.core.http.HttpServerRequest;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who an HTTPS request's client certificate says it is. The TLS handshake already checked the chain to the hub's CA
 * ({@code ca.pem} is the listener's only trust anchor), the validity dates and the client-auth key usage, so here a
 * certificate is either absent, an agent's (its CN) or revoked ({@code revoked.txt}, as {@link RevocationList} last
 * read it: {@link #refresh} re-reads it off the event loop every few seconds).
 */
public final class AgentCertificates {
    private final RevocationList revocations;

    public AgentCertificates(Path pkiDir) {
        this.revocations = RevocationList.in(pkiDir);
    }

    /** What a request presented. */
    public sealed interface Presented {
        /** No client certificate (a browser, a script with a token, plain HTTP). */
        record None() implements Presented {}

        /** A valid agent certificate. */
        record Agent(String id, BigInteger serial, Instant notAfter) implements Presented {}

        /** A certificate from the hub's CA that has been revoked, or one without a CN. */
        record Refused(String reason) implements Presented {}
    }

    /** Never blocks: reads the TLS session and the revocation list in memory. */
    public Presented of(HttpServerRequest request) {
        SSLSession session = request.isSSL() ? request.sslSession() : null;
        if (session == null) {
            return new Presented.None();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException none) {
            return new Presented.None();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return new Presented.None();
        }
        String cn = AgentCertificateGate.commonName(cert);
        if (cn == null) {
            return new Presented.Refused("the client certificate has no CN");
        }
        if (revocations.revoked(cert.getSerialNumber())) {
            return new Presented.Refused(
                    "certificate " + cert.getSerialNumber().toString(16) + " of agent '" + cn + "' was revoked");
        }
        return new Presented.Agent(
                cn, cert.getSerialNumber(), cert.getNotAfter().toInstant());
    }

    /** Re-reads {@code revoked.txt} if it changed (blocking file I/O). */
    public void refresh() {
        revocations.refresh();
    }
}
