package io.vigil.adapters.scan.mqtt;

import io.vigil.adapters.scan.Exchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import io.vigil.adapters.scan.TlsPeer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * MQTT broker fingerprint on plain TCP (port 1883) or over TLS (port 8883, {@link #overTls}): one MQTT 3.1.1 CONNECT (random client id, clean session, no credentials, no
 * will, keep-alive {@value #KEEP_ALIVE_S} s), the CONNACK's return code classified, and a DISCONNECT at once when the
 * broker accepted. Never a SUBSCRIBE or a PUBLISH: the broker's topics are not looked at. A broker that accepts a
 * connection without credentials gets a safety flag: anyone who reaches the port can publish to it.
 *
 * <p>Over TLS the handshake comes first and the server's certificate is reported as read (subject, issuer, validity,
 * self-signed, SHA-256 fingerprint) with the negotiated version and cipher suite; it is looked at, never trusted, and
 * a self-signed or expired certificate gets a safety flag. The same CONNECT and DISCONNECT then go inside the session.
 */
public final class MqttProbe implements Probe {
    static final int KEEP_ALIVE_S = 10;
    private final RandomGenerator random;
    /** Set for the TLS probe: tells whether the certificate is valid at scan time. */
    private final Clock clock;

    /** The plain-TCP probe. */
    public MqttProbe(RandomGenerator random) {
        this(random, null);
    }

    private MqttProbe(RandomGenerator random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** The probe for MQTT over TLS. */
    public static MqttProbe overTls(RandomGenerator random, Clock clock) {
        return new MqttProbe(random, Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.MQTT;
    }

    @Override
    public int nativePort() {
        return clock == null ? 1883 : 8883;
    }

    @Override
    public int rank() {
        // over TLS (the clock is set) last: a TLS handshake to a port of unknown purpose is the costliest attempt
        return clock == null ? 40 : 80;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        var findings = new Findings(ScanProtocol.MQTT);
        Exchange ex;
        TlsPeer peer = null;
        if (clock == null) {
            ex = session.open(ScanProtocol.MQTT, target.port());
        } else {
            var tls = session.openTls(ScanProtocol.MQTT, target.port());
            ex = tls.exchange();
            peer = tls.peer();
        }
        byte[] connect = MqttFrames.connect(clientId(), KEEP_ALIVE_S);
        MqttFrames.ConnAck ack = MqttFrames.connAck(ex.request(connect, MqttFrames.FRAMING), connect);
        classify(findings, ack, target, peer);
        if (peer != null) {
            certificate(findings, peer, clock.instant());
        }
        if (ack.accepted()) {
            ex.send(MqttFrames.DISCONNECT);
        }
        return findings;
    }

    /** What a CONNACK over plain TCP says; shared with the fuzz and golden tests. */
    static void classify(Findings findings, MqttFrames.ConnAck ack, ScanTarget target) {
        classify(findings, ack, target, null);
    }

    /** What a CONNACK says; {@code tls} is null on plain TCP. */
    static void classify(Findings findings, MqttFrames.ConnAck ack, ScanTarget target, TlsPeer tls) {
        findings.evidence(0.5, "CONNACK framing valid (0x20, remaining length 2, reserved flag bits clear)");
        findings.read("connack_return_code", ack.returnCode() + " (" + ack.meaning() + ")");
        findings.derived("protocol_level", "4 (MQTT 3.1.1) " + (ack.returnCode() == 1 ? "refused" : "spoken"));
        if (ack.returnCode() <= 5) {
            findings.evidence(0.3, "return code " + ack.returnCode() + " is one MQTT 3.1.1 defines");
        } else {
            findings.note("return code " + ack.returnCode() + " is reserved in MQTT 3.1.1");
        }
        if (!ack.sessionPresent() || !ack.accepted()) {
            findings.evidence(0.2, "identity consistent: no session present for a clean-session CONNECT");
        } else {
            findings.note("session present flag set for a clean-session CONNECT (not per the specification)");
        }
        findings.hint("tls", tls != null);
        findings.hint("broker_url", (tls == null ? "tcp://" : "ssl://") + target.label());
        switch (ack.returnCode()) {
            case 0 -> {
                findings.hint("anonymous_allowed", true);
                findings.safety(
                        tls == null
                                ? "anonymous MQTT connections accepted without credentials or TLS: anyone who reaches the port"
                                        + " can subscribe and publish"
                                : "anonymous MQTT connections accepted over TLS without credentials or a client certificate:"
                                        + " anyone who reaches the port can subscribe and publish");
            }
            case 4, 5 -> findings.hint("anonymous_allowed", false);
            default -> findings.hint("anonymous_allowed", "unknown");
        }
    }

    /** The server certificate as the handshake showed it. */
    static void certificate(Findings findings, TlsPeer peer, Instant now) {
        findings.read("tls_version", peer.protocol());
        findings.read("tls_cipher_suite", peer.cipherSuite());
        findings.read("tls_certificate_subject", peer.subject());
        findings.read("tls_certificate_issuer", peer.issuer());
        findings.read("tls_certificate_not_before", peer.notBefore().toString());
        findings.read("tls_certificate_not_after", peer.notAfter().toString());
        findings.read("tls_certificate_sha256", peer.sha256());
        findings.derived("tls_certificate_self_signed", String.valueOf(peer.selfSigned()));
        findings.derived("tls_certificate_valid_now", String.valueOf(peer.validAt(now)));
        findings.hint("tls_self_signed", peer.selfSigned());
        if (peer.selfSigned()) {
            findings.safety("self-signed TLS certificate (" + peer.subject() + "): clients can only trust it by"
                    + " pinning it, or by not checking at all");
        }
        if (!peer.validAt(now)) {
            findings.safety(
                    "TLS certificate not valid at scan time (" + peer.notBefore() + " .. " + peer.notAfter() + ")");
        }
    }

    private String clientId() {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return "vigil-scan-" + HexFormat.of().formatHex(b);
    }
}
