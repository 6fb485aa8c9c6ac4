package io.vigil.adapters.scan.enip;

import io.vigil.adapters.scan.DatagramExchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.IOException;
import java.util.Arrays;

/**
 * EtherNet/IP fingerprint over UDP, for a device whose TCP port 44818 is closed (some adapters and I/O blocks answer
 * ListIdentity on UDP only): the same 24-byte ListIdentity request as {@link EnipProbe}, sent as one datagram to the
 * listed address and nowhere else (the socket is connected to it and may not broadcast), at most one resend after
 * silence. A reply must echo our sender context; one that does not is skipped, as a reply to someone else's request.
 */
public final class EnipUdpProbe implements Probe {
    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.ENIP;
    }

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public int nativePort() {
        return 44818;
    }

    @Override
    public int rank() {
        return 70;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        DatagramExchange ex = session.openDatagram(ScanProtocol.ENIP, target.port());
        byte[] request = ListIdentity.request();
        byte[] reply = ex.request(request, 24 + ListIdentity.MAX_DATA, EnipUdpProbe::echoesOurContext);
        var findings = new Findings(ScanProtocol.ENIP);
        EnipProbe.classify(findings, ListIdentity.decode(reply, request));
        findings.note("answered over UDP (ListIdentity datagram to the listed address only)");
        findings.hint("transport", "udp");
        return findings;
    }

    /** The reply to our request: ListIdentity with our sender context (bytes 12..19). */
    static boolean echoesOurContext(byte[] datagram) {
        return datagram.length >= 24
                && (datagram[0] & 0xFF) == ListIdentity.COMMAND
                && datagram[1] == 0
                && Arrays.equals(datagram, 12, 20, ListIdentity.CONTEXT, 0, 8);
    }
}
