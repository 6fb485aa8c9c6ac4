package io.vigil.adapters.scan.opcua;

import io.vigil.adapters.scan.Exchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OPC UA fingerprint over the raw binary protocol: Hello/Acknowledge, OpenSecureChannel with security None (the
 * channel every server must offer for discovery), GetEndpoints, CloseSecureChannel. No session is created, nothing is
 * read or browsed. The endpoints give the application and product URI, the certificate (its SHA-1 thumbprint and
 * subject), the security policies and modes and the user token types, from which the recommended endpoint follows.
 */
public final class OpcUaProbe implements Probe {
    /** Policies our driver speaks, best first. */
    private static final List<String> POLICY_RANK =
            List.of("Aes256_Sha256_RsaPss", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "None");

    private final Clock clock;

    public OpcUaProbe(Clock clock) {
        this.clock = clock;
    }

    public OpcUaProbe() {
        this(Clock.systemUTC());
    }

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.OPCUA;
    }

    @Override
    public int nativePort() {
        return 4840;
    }

    @Override
    public int rank() {
        return 20;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        var findings = new Findings(ScanProtocol.OPCUA);
        String url = "opc.tcp://" + target.label();
        int timeoutMs = (int) session.settings().timeout().toMillis();
        Exchange ex = session.open(ScanProtocol.OPCUA, target.port());
        try {
            UaMessages.acknowledge(ex.request(UaMessages.hello(url), UaMessages.FRAMING));
            findings.evidence(0.4, "Hello answered with a valid Acknowledge");
        } catch (UaMessages.ServerError e) {
            findings.evidence(0.4, "Hello answered with a valid OPC UA Error message");
            findings.evidence(0.2, "server error " + e.getMessage());
            return findings;
        }
        UaMessages.Channel channel;
        try {
            channel = UaMessages.openResponse(
                    ex.request(UaMessages.open(clock.instant(), timeoutMs), UaMessages.FRAMING));
        } catch (UaMessages.ServerError e) {
            findings.evidence(0.2, "OpenSecureChannel (None) refused: " + e.getMessage());
            findings.hint("security_none_channel", false);
            return findings;
        }
        List<UaEndpoint> endpoints;
        try {
            endpoints = UaMessages.endpoints(
                    readMessage(ex, UaMessages.getEndpoints(channel, url, clock.instant(), timeoutMs)));
        } catch (UaMessages.ServerError e) {
            findings.evidence(0.2, "secure channel opened; GetEndpoints failed: " + e.getMessage());
            return findings;
        }
        ex.send(UaMessages.close(channel, clock.instant(), timeoutMs));
        findings.evidence(
                0.4,
                "OpenSecureChannel and GetEndpoints answered with valid responses (" + endpoints.size()
                        + " endpoints)");
        describe(findings, endpoints);
        return findings;
    }

    /** Reads a possibly multi-chunk MSG reply and returns its body. */
    private static byte[] readMessage(Exchange ex, byte[] request) throws IOException {
        var body = new ByteArrayOutputStream();
        UaMessages.Chunk chunk = UaMessages.msgChunk(ex.request(request, UaMessages.FRAMING));
        body.writeBytes(chunk.body());
        while (!chunk.last()) {
            if (body.size() > UaMessages.MAX_MESSAGE) {
                throw new MalformedReplyException("reply exceeds " + UaMessages.MAX_MESSAGE + " bytes");
            }
            chunk = UaMessages.msgChunk(ex.receive(UaMessages.FRAMING));
            body.writeBytes(chunk.body());
        }
        return body.toByteArray();
    }

    static void describe(Findings findings, List<UaEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            findings.note("the server lists no endpoints");
            return;
        }
        UaEndpoint first = endpoints.get(0);
        findings.read("application_uri", first.applicationUri());
        findings.read("product_uri", first.productUri());
        findings.read("application_name", first.applicationName());
        findings.read("application_type", UaEndpoint.applicationTypeName(first.applicationType()));
        certificate(findings, first.certificate());
        List<String> policies =
                endpoints.stream().map(UaEndpoint::policyName).distinct().toList();
        List<String> modes =
                endpoints.stream().map(UaEndpoint::modeName).distinct().toList();
        List<String> tokens = endpoints.stream()
                .flatMap(e -> e.tokenTypes().stream())
                .distinct()
                .map(UaEndpoint::tokenTypeName)
                .toList();
        findings.read("security_policies", String.join(",", policies));
        findings.read("user_token_types", String.join(",", tokens));
        boolean sameApp = endpoints.stream().allMatch(e -> Objects.equals(e.applicationUri(), first.applicationUri()));
        if (sameApp && first.applicationUri() != null) {
            findings.evidence(0.2, "identity consistent: every endpoint names application " + first.applicationUri());
        }
        findings.hint("endpoint_url", first.endpointUrl());
        findings.hint("security_policies", policies);
        findings.hint("security_modes", modes);
        findings.hint("user_token_types", tokens);
        recommended(endpoints).ifPresent(e -> findings.hint("recommended_endpoint", endpointHint(e)));
        if (policies.contains("None")) {
            findings.safety("offers security None: traffic can be read and changed on the network");
        }
        if (tokens.contains("anonymous")) {
            findings.safety("allows anonymous sessions");
        }
    }

    /** The best endpoint our driver can use: strongest supported policy, then mode, then the server's own level. */
    static Optional<UaEndpoint> recommended(List<UaEndpoint> endpoints) {
        return endpoints.stream()
                .filter(e -> POLICY_RANK.contains(e.policyName()))
                .max(Comparator.<UaEndpoint>comparingInt(e -> -POLICY_RANK.indexOf(e.policyName()))
                        .thenComparingInt(UaEndpoint::securityMode)
                        .thenComparingInt(UaEndpoint::securityLevel));
    }

    private static Map<String, Object> endpointHint(UaEndpoint e) {
        var m = new LinkedHashMap<String, Object>();
        m.put("url", e.endpointUrl());
        m.put("security_policy", e.policyName());
        m.put("security_mode", e.modeName());
        m.put(
                "user_token_types",
                e.tokenTypes().stream().map(UaEndpoint::tokenTypeName).toList());
        return m;
    }

    private static void certificate(Findings findings, byte[] der) {
        if (der == null || der.length == 0) {
            return;
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(der);
            findings.derived("certificate_thumbprint", HexFormat.of().formatHex(sha1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
        try {
            var cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            findings.derived(
                    "certificate_subject", cert.getSubjectX500Principal().getName());
            findings.derived(
                    "certificate_not_after", cert.getNotAfter().toInstant().toString());
        } catch (CertificateException | RuntimeException e) {
            findings.note("server certificate does not parse as X.509: " + e.getMessage());
        }
    }
}
