package io.vigil.hub.security.pki;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import io.vigil.hub.ingest.ConnectGate;
import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySetupException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Mutual TLS on the MQTT endpoint: the hub presents {@code hub.p12}, requires a client certificate chaining to the
 * hub's CA ({@code ca.pem}; the TLS handshake fails otherwise, before any MQTT byte), and then admits a CONNECT only
 * when its client id equals the certificate's CN, so an agent can only ever speak as itself, and the certificate is
 * not in {@link RevocationList revoked.txt} ({@code vigil hub revoke}); the hub re-reads that file every few seconds
 * and closes the open connections of certificates revoked since they connected.
 */
public final class AgentCertificateGate implements ConnectGate {
    private final Path pkiDir;
    private final RevocationList revocations;

    public AgentCertificateGate(Path pkiDir) {
        if (!CertificateAuthority.exists(pkiDir)) {
            throw new SecuritySetupException("no CA in " + pkiDir + " for MQTT TLS: run vigil hub init first");
        }
        this.pkiDir = pkiDir;
        this.revocations = RevocationList.in(pkiDir);
    }

    /** Re-reads {@code revoked.txt} if it changed (blocking file I/O). */
    @Override
    public void refresh() {
        revocations.refresh();
    }

    @Override
    public boolean rechecksConnections() {
        return true;
    }

    @Override
    public MqttServerOptions configure(MqttServerOptions options) {
        String password = new String(Secrets.readPassword(pkiDir.resolve(CertificateAuthority.HUB_PASSWORD)));
        options.setSsl(true);
        options.setKeyCertOptions(new PfxOptions()
                .setPath(pkiDir.resolve(CertificateAuthority.HUB_STORE).toString())
                .setPassword(password));
        options.setTrustOptions(new PemTrustOptions()
                .addCertPath(pkiDir.resolve(CertificateAuthority.CA_CERT).toString()));
        options.setClientAuth(ClientAuth.REQUIRED);
        return options;
    }

    @Override
    public Optional<String> refusal(MqttEndpoint endpoint) {
        if (!endpoint.isSsl() || endpoint.sslSession() == null) {
            return Optional.of("not a TLS connection");
        }
        Certificate[] chain;
        try {
            chain = endpoint.sslSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.of("no verified client certificate");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return Optional.of("no X.509 client certificate");
        }
        String cn = commonName(cert);
        String id = endpoint.clientIdentifier();
        if (cn == null) {
            return Optional.of("the client certificate has no CN");
        }
        if (!cn.equals(id)) {
            return Optional.of("client id '" + id + "' does not match the certificate's CN '" + cn + "'");
        }
        if (revocations.revoked(cert.getSerialNumber())) {
            return Optional.of("certificate " + cert.getSerialNumber().toString(16) + " of agent '" + cn
                    + "' was revoked (" + pkiDir.resolve(RevocationList.REVOKED) + ")");
        }
        return Optional.empty();
    }

    /** An agent publishes only as itself: the topic's edge node id must be its client id (= its CN). */
    @Override
    public boolean mayPublishAs(MqttEndpoint endpoint, String edgeNode) {
        return edgeNode.equals(endpoint.clientIdentifier());
    }

    static String commonName(X509Certificate cert) {
        try {
            var rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            return rdns.stream()
                    .filter(r -> r.getType().equalsIgnoreCase("CN"))
                    .map(r -> r.getValue().toString())
                    .reduce((a, b) -> b)
                    .orElse(null);
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
