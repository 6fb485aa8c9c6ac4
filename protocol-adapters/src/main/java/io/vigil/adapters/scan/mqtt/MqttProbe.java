package io.vigil.adapters.scan.mqtt;

import io.vigil.adapters.scan.Exchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.IOException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * MQTT broker fingerprint on plain TCP: one MQTT 3.1.1 CONNECT (random client id, clean session, no credentials, no
 * will, keep-alive {@value #KEEP_ALIVE_S} s), the CONNACK's return code classified, and a DISCONNECT at once when the
 * broker accepted. Never a SUBSCRIBE or a PUBLISH: the broker's topics are not looked at. A broker that accepts a
 * connection without credentials gets a safety flag: anyone who reaches the port can publish to it.
 */
public final class MqttProbe implements Probe {
    static final int KEEP_ALIVE_S = 10;
    private final RandomGenerator random;

    public MqttProbe(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.MQTT;
    }

    @Override
    public int nativePort() {
        return 1883;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        Exchange ex = session.open(ScanProtocol.MQTT, target.port());
        byte[] connect = MqttFrames.connect(clientId(), KEEP_ALIVE_S);
        MqttFrames.ConnAck ack = MqttFrames.connAck(ex.request(connect, MqttFrames.FRAMING), connect);
        var findings = new Findings(ScanProtocol.MQTT);
        classify(findings, ack, target);
        if (ack.accepted()) {
            ex.send(MqttFrames.DISCONNECT);
        }
        return findings;
    }

    /** What a CONNACK says; shared with the fuzz and golden tests. */
    static void classify(Findings findings, MqttFrames.ConnAck ack, ScanTarget target) {
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
        findings.hint("tls", false);
        findings.hint("broker_url", "tcp://" + target.label());
        switch (ack.returnCode()) {
            case 0 -> {
                findings.hint("anonymous_allowed", true);
                findings.safety("anonymous MQTT connections accepted without credentials or TLS: anyone who reaches"
                        + " the port can subscribe and publish");
            }
            case 4, 5 -> findings.hint("anonymous_allowed", false);
            default -> findings.hint("anonymous_allowed", "unknown");
        }
    }

    private String clientId() {
        byte[] b = new byte[4];
        random.nextBytes(b);
        return "vigil-scan-" + HexFormat.of().formatHex(b);
    }
}
