package io.vigil.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;

/**
 * Opens a Milo client session with the security a device asks for, and turns the failures an operator can fix into
 * messages that say what to do.
 *
 * <p>The server's endpoints are fetched first; the one with the configured policy and mode is used, at the host and
 * port of the configured URL (servers often advertise a host name the edge cannot resolve). A secured session signs
 * with the agent's {@link ClientCertificate} and checks the server's certificate against {@code PKI/trusted/certs}
 * (validity and chain; not the host name, since plants connect by IP address). A server certificate not yet trusted is
 * saved in {@code PKI/rejected}; a server that does not trust ours answers {@code Bad_SecurityChecksFailed} or a
 * certificate status, and the message names our certificate file and thumbprint to trust on the server.
 */
final class OpcUaConnector {
    static final int REQUEST_TIMEOUT_MS = 5_000;

    private static final Set<Long> CLIENT_CERT_REFUSED = Set.of(
            StatusCodes.Bad_SecurityChecksFailed,
            StatusCodes.Bad_CertificateUntrusted,
            StatusCodes.Bad_CertificateUriInvalid,
            StatusCodes.Bad_CertificateUseNotAllowed,
            StatusCodes.Bad_CertificateInvalid,
            StatusCodes.Bad_CertificateRevocationUnknown);

    private static final Map<Path, FileBasedTrustListManager> TRUST_LISTS = new HashMap<>();

    static {
        // RSA-PSS signatures (Aes256_Sha256_RsaPss) come from Bouncy Castle, which Milo brings but does not register.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private OpcUaConnector() {}

    /** Connects; blocking. Failures are one {@link DeviceException} whose message says what to do. */
    static OpcUaClient connect(String endpointUrl, DeviceSecurity security, String describe) {
        Optional<ClientCertificate> own =
                security.secured() ? Optional.of(ClientCertificate.loadOrCreate(security.pkiDir())) : Optional.empty();
        var serverRejected = new AtomicReference<X509Certificate>();
        OpcUaClient client;
        try {
            client = OpcUaClient.create(
                    endpointUrl,
                    endpoints -> choose(endpoints, security, describe)
                            .map(e -> EndpointUtil.updateUrl(
                                    e, EndpointUtil.getHost(endpointUrl), EndpointUtil.getPort(endpointUrl))),
                    transport -> {},
                    config -> configure(config, security, own, serverRejected));
        } catch (UaException e) {
            throw new DeviceException(describe + ": cannot reach the server's endpoints: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof DeviceException d ? d : e;
            if (cause instanceof DeviceException d) {
                throw d;
            }
            throw new DeviceException(describe + ": " + e.getMessage(), e);
        }
        try {
            client.connect();
            return client;
        } catch (UaException e) {
            disconnectQuietly(client);
            throw explain(describe, e, security, own, serverRejected.get());
        }
    }

    private static void configure(
            OpcUaClientConfigBuilder config,
            DeviceSecurity security,
            Optional<ClientCertificate> own,
            AtomicReference<X509Certificate> serverRejected) {
        config.setApplicationName(LocalizedText.english("Vigil edge agent"))
                .setApplicationUri(ClientCertificate.APPLICATION_URI)
                .setProductUri("urn:io.vigil")
                .setRequestTimeout(uint(REQUEST_TIMEOUT_MS))
                .setIdentityProvider(identity(security));
        own.ifPresent(cert -> config.setKeyPair(cert.keyPair())
                .setCertificate(cert.certificate())
                .setCertificateChain(new X509Certificate[] {cert.certificate()})
                .setCertificateValidator(trustStore(security.pkiDir(), serverRejected)));
    }

    private static Optional<EndpointDescription> choose(
            List<EndpointDescription> endpoints, DeviceSecurity security, String describe) {
        String policyUri = SecurityPolicy.valueOf(security.policy()).getUri();
        MessageSecurityMode mode = MessageSecurityMode.valueOf(security.mode());
        Optional<EndpointDescription> match = endpoints.stream()
                .filter(e -> policyUri.equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .findFirst();
        if (match.isEmpty()) {
            String offered = endpoints.stream()
                    .map(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                                    .map(Enum::name)
                                    .orElse(e.getSecurityPolicyUri())
                            + "/" + e.getSecurityMode())
                    .distinct()
                    .collect(Collectors.joining(", "));
            throw new DeviceException(describe + ": the server offers no endpoint with security " + security.policy()
                    + "/" + security.mode() + "; it offers " + offered);
        }
        return match;
    }

    private static IdentityProvider identity(DeviceSecurity security) {
        if (security.anonymous()) {
            return new AnonymousProvider();
        }
        return new UsernameProvider(security.username(), readPassword(security.passwordFile()));
    }

    private static String readPassword(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new DeviceException("password file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Milo's validator over {@code PKI/trusted} and {@code PKI/rejected}, remembering what it refused. */
    private static CertificateValidator trustStore(Path pki, AtomicReference<X509Certificate> rejected) {
        try {
            var trustList = trustList(pki);
            var quarantine = FileBasedCertificateQuarantine.create(pki.resolve("rejected"));
            var milo = new DefaultClientCertificateValidator(trustList, Set.of(ValidationCheck.VALIDITY), quarantine);
            return (chain, applicationUri, hostNames) -> {
                try {
                    milo.validateCertificateChain(chain, applicationUri, hostNames);
                } catch (UaException e) {
                    rejected.set(chain.isEmpty() ? null : chain.get(0));
                    throw e;
                }
            };
        } catch (IOException e) {
            throw new DeviceException("the trust store in " + pki + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * One trust list per PKI directory for the life of the process: Milo's watches its folders with a thread, so one
     * per session would leak a thread at every reconnect, and a certificate moved into the folder is seen by all.
     */
    private static synchronized FileBasedTrustListManager trustList(Path pki) throws IOException {
        Path key = pki.toAbsolutePath().normalize();
        FileBasedTrustListManager known = TRUST_LISTS.get(key);
        if (known == null) {
            known = FileBasedTrustListManager.createAndInitialize(key);
            TRUST_LISTS.put(key, known);
        }
        return known;
    }

    private static DeviceException explain(
            String describe,
            UaException e,
            DeviceSecurity security,
            Optional<ClientCertificate> own,
            X509Certificate serverRejected) {
        StatusCode status = e.getStatusCode();
        if (serverRejected != null) {
            return new DeviceException(
                    describe + ": the agent does not trust the server's certificate (thumbprint "
                            + ClientCertificate.thumbprint(serverRejected) + "); it was saved in "
                            + security.pkiDir().resolve("rejected") + " - move that file to "
                            + security.pkiDir().resolve("trusted/certs") + " to trust the server",
                    e);
        }
        if (own.isPresent()
                && (CLIENT_CERT_REFUSED.contains(status.value())
                        || status.value() == StatusCodes.Bad_ConnectionClosed)) {
            ClientCertificate cert = own.get();
            // Some servers (node-opcua with RSA-PSS) just close the channel instead of answering with a status.
            String verdict = status.value() == StatusCodes.Bad_ConnectionClosed
                    ? ": the server closed the secured channel; most likely it does not trust the agent's certificate "
                    : ": the server does not trust the agent's certificate ";
            return new DeviceException(
                    describe + verdict
                            + cert.derFile() + " (thumbprint " + cert.thumbprint() + ", status " + name(status)
                            + "). On the server, move it from the rejected folder to the trusted one (node-opcua: pki/rejected/"
                            + "*[" + cert.thumbprint().toLowerCase(Locale.ROOT)
                            + "].pem -> pki/trusted/certs/;"
                            + " Milo: pki/rejected -> pki/trusted/certs), or copy " + cert.derFile()
                            + " into its trusted certificates; the agent retries by itself",
                    e);
        }
        if (status.value() == StatusCodes.Bad_UserAccessDenied
                || status.value() == StatusCodes.Bad_IdentityTokenRejected
                || status.value() == StatusCodes.Bad_IdentityTokenInvalid) {
            return new DeviceException(
                    describe + ": the server refused the identity "
                            + (security.anonymous() ? "anonymous" : "of user '" + security.username() + "'") + " ("
                            + name(status) + ")",
                    e);
        }
        return new DeviceException(describe + ": connect failed: " + e.getMessage(), e);
    }

    private static String name(StatusCode status) {
        return StatusCodes.lookup(status.value()).map(n -> n[0]).orElse(status.toString());
    }

    static void disconnectQuietly(OpcUaClient client) {
        try {
            client.disconnect();
        } catch (UaException | RuntimeException ignored) {
            // nothing to clean up beyond what disconnect tried
        }
    }
}
