package io.vigil.adapters.scan;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What a TLS server showed in its handshake: its certificate, as read, and the protocol version and cipher suite it
 * chose. The scanner's TLS client accepts any certificate because it only looks: nothing it sends inside the session
 * is secret (a CONNECT without credentials), and the certificate is reported, never trusted or stored in a trust store.
 *
 * @param subject the leaf certificate's subject DN
 * @param issuer its issuer DN
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param selfSigned issuer equals subject and the certificate verifies with its own key
 * @param sha256 SHA-256 fingerprint of the leaf certificate (hex)
 * @param chainLength certificates the server sent
 * @param protocol negotiated TLS version (e.g. TLSv1.3)
 * @param cipherSuite negotiated cipher suite
 */
public record TlsPeer(
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        boolean selfSigned,
        String sha256,
        int chainLength,
        String protocol,
        String cipherSuite) {

    /** A probe's TLS connection: the exchange for its frames, and what the handshake showed. */
    public record Connection(Exchange exchange, TlsPeer peer) {}

    record Handshaken(SSLSocket socket, TlsPeer peer) {}

    /** Runs the client handshake over {@code plain} within {@code timeout} per read; closes it on failure. */
    static Handshaken handshake(Socket plain, String host, int port, Duration timeout) throws IOException {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new LookOnly()}, null);
            var tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            tls.setSoTimeout((int) timeout.toMillis());
            tls.startHandshake();
            var session = tls.getSession();
            return new Handshaken(
                    tls, of(session.getPeerCertificates(), session.getProtocol(), session.getCipherSuite()));
        } catch (GeneralSecurityException e) {
            closeQuietly(plain);
            throw new IOException("TLS client cannot start: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    static TlsPeer of(Certificate[] chain, String protocol, String cipherSuite) {
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new MalformedReplyException("the TLS server sent no X.509 certificate");
        }
        return new TlsPeer(
                leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(),
                leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(),
                selfSigned(leaf),
                fingerprint(leaf),
                chain.length,
                protocol,
                cipherSuite);
    }

    /** Whether the certificate is valid at {@code now}. */
    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore) && !now.isAfter(notAfter);
    }

    private static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "";
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the handshake failed; nothing more to say to the server
        }
    }

    /**
     * Accepts every server certificate: the scanner only reports it. Extended, so that the TLS library adds no checks
     * of its own (algorithm constraints would refuse the SHA-1 or 1024-bit certificates old devices still carry).
     */
    private static final class LookOnly extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // looked at after the handshake, never trusted
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // looked at after the handshake, never trusted
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // looked at after the handshake, never trusted
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the scanner is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("the scanner is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("the scanner is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
