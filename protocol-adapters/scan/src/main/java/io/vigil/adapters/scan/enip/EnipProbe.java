package io.vigil.adapters.scan.enip;

import io.vigil.adapters.scan.Exchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.IOException;

/**
 * EtherNet/IP fingerprint: one ListIdentity request on TCP, which every EtherNet/IP device answers without a session.
 * No RegisterSession is sent, so no CIP service (Get/Set Attribute, Reset, Forward Open) can follow: what the scanner
 * learns is only what the device announces to anyone who asks.
 */
public final class EnipProbe implements Probe {
    private static final int FAULT_BITS = 0x0F00;

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.ENIP;
    }

    @Override
    public int nativePort() {
        return 44818;
    }

    @Override
    public int rank() {
        return 50;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        Exchange ex = session.open(ScanProtocol.ENIP, target.port());
        byte[] request = ListIdentity.request();
        ListIdentity.Reply reply = ListIdentity.decode(ex.request(request, ListIdentity.FRAMING), request);
        var findings = new Findings(ScanProtocol.ENIP);
        classify(findings, reply);
        return findings;
    }

    /** What a decoded reply says; shared with the fuzz and golden tests. */
    static void classify(Findings findings, ListIdentity.Reply reply) {
        if (reply.status() != 0) {
            findings.evidence(0.4, "encapsulation header valid (ListIdentity echoed with our sender context)");
            findings.evidence(
                    0.2, "ListIdentity refused with encapsulation status 0x" + Long.toHexString(reply.status()));
            return;
        }
        findings.evidence(0.4, "encapsulation header valid (ListIdentity, status 0, our sender context echoed)");
        ListIdentity.Identity id = reply.identities().get(0);
        findings.evidence(0.4, "CIP Identity item decoded");
        String vendor = ListIdentity.vendorName(id.vendorId());
        findings.read("vendor_id", Integer.toString(id.vendorId()));
        findings.derived("vendor", vendor != null ? vendor : "vendor id " + id.vendorId());
        findings.read(
                "device_type",
                String.format("0x%02x (%s)", id.deviceType(), ListIdentity.deviceTypeName(id.deviceType())));
        findings.read("product_code", Integer.toString(id.productCode()));
        findings.read("revision", id.revisionMajor() + "." + String.format("%03d", id.revisionMinor()));
        findings.read("serial", String.format("0x%08x", id.serial()));
        findings.read("product_name", id.productName());
        findings.read("status", String.format("0x%04x", id.status()));
        if (id.state() >= 0) {
            findings.read("state", id.state() + " (" + ListIdentity.stateName(id.state()) + ")");
        }
        boolean printable = id.productName().chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        if (printable && !id.productName().isBlank() && id.socketFamily() == 2 && id.encapsulationVersion() == 1) {
            findings.evidence(
                    0.2,
                    "identity consistent: printable product name, AF_INET socket address, encapsulation"
                            + " version 1");
        } else {
            findings.note("identity unusual: product name, socket family " + id.socketFamily() + " or version "
                    + id.encapsulationVersion());
        }
        findings.hint("socket_address", id.socketAddress());
        findings.hint("encapsulation_version", id.encapsulationVersion());
        findings.hint("identities", reply.identities().size());
        findings.hint("owned", (id.status() & 1) == 1);
        findings.hint("vigil_driver", "none yet (EtherNet/IP is identified only)");
        if ((id.status() & FAULT_BITS) != 0 || id.state() == 4 || id.state() == 5) {
            findings.safety("device reports a fault (status 0x" + String.format("%04x", id.status()) + ", state "
                    + id.state() + "): look at it before polling it");
        }
    }
}
