package io.vigil.adapters.scan.s7;

import io.vigil.adapters.scan.Exchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Siemens S7 fingerprint: a COTP connection request to the TSAP of rack 0 slot 2 (S7-300/400), then, only if refused,
 * rack 0 slot 1 (S7-1200/1500) — two fixed TSAPs, never a sweep. Then Setup Communication (PDU size), SZL 0x0011
 * (order number, firmware), SZL 0x001C (station and module names, serial) and a one-byte Read Var of MB0 that tells
 * whether PUT/GET access is on. Nothing is written, started, stopped or downloaded.
 */
public final class S7Probe implements Probe {
    private static final int[][] RACK_SLOTS = {{0, 2}, {0, 1}};
    private static final int PDU_ASKED = 480;
    private static final Pattern ORDER_NUMBER = Pattern.compile("6ES7 ?\\d{3}-.*");
    private static final Map<String, String> FAMILIES =
            Map.of("6ES7 21", "S7-1200", "6ES7 51", "S7-1500", "6ES7 3", "S7-300", "6ES7 4", "S7-400");

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.S7COMM;
    }

    @Override
    public int nativePort() {
        return 102;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        var findings = new Findings(ScanProtocol.S7COMM);
        Exchange ex = null;
        int[] rackSlot = null;
        String refusal = "";
        for (int[] rs : RACK_SLOTS) {
            ex = session.open(ScanProtocol.S7COMM, target.port());
            try {
                S7Frames.connectionConfirm(
                        ex.request(S7Frames.connectionRequest(S7Frames.remoteTsap(rs[0], rs[1])), S7Frames.FRAMING));
                rackSlot = rs;
                break;
            } catch (MalformedReplyException e) {
                refusal += "rack " + rs[0] + " slot " + rs[1] + ": " + e.getMessage() + "; ";
                findings.note("COTP CR rack " + rs[0] + " slot " + rs[1] + " refused: " + e.getMessage());
            }
        }
        if (rackSlot == null) {
            throw new MalformedReplyException("no COTP connection confirm (" + refusal.strip() + ")");
        }
        int tsap = S7Frames.remoteTsap(rackSlot[0], rackSlot[1]);
        findings.evidence(
                0.4,
                String.format(
                        "COTP connection confirmed for TSAP 0x%04x (rack %d, slot %d)",
                        tsap, rackSlot[0], rackSlot[1]));
        findings.hint("rack", rackSlot[0]);
        findings.hint("slot", rackSlot[1]);
        findings.hint("local_tsap", String.format("0x%04x", S7Frames.LOCAL_TSAP));
        findings.hint("remote_tsap", String.format("0x%04x", tsap));
        int pdu;
        try {
            pdu = S7Frames.setupAck(ex.request(S7Frames.setupCommunication(1, PDU_ASKED), S7Frames.FRAMING));
        } catch (S7Frames.S7PlusReply e) {
            findings.variant(ScanProtocol.S7COMM_PLUS);
            findings.evidence(0.3, "Setup Communication answered in S7comm-plus (0x72): S7-1200/1500 family");
            return findings;
        } catch (MalformedReplyException e) {
            findings.note("Setup Communication not acknowledged: " + e.getMessage());
            return findings;
        }
        findings.evidence(0.3, "Setup Communication acknowledged, PDU size " + pdu);
        findings.hint("pdu_size", pdu);
        identify(findings, ex);
        putGet(findings, ex);
        return findings;
    }

    private static void identify(Findings findings, Exchange ex) throws IOException {
        boolean any = false;
        try {
            moduleIdentification(
                    findings, S7Frames.szlReply(ex.request(S7Frames.readSzl(2, 0x0011, 0), S7Frames.FRAMING)));
            any = true;
        } catch (MalformedReplyException e) {
            findings.note("SZL 0x0011 not read: " + e.getMessage());
        }
        try {
            componentIdentification(
                    findings, S7Frames.szlReply(ex.request(S7Frames.readSzl(3, 0x001C, 0), S7Frames.FRAMING)));
            any = true;
        } catch (MalformedReplyException e) {
            findings.note("SZL 0x001C not read: " + e.getMessage());
        }
        if (any) {
            findings.evidence(0.1, "SZL reads answered with valid lists");
        }
        var order = findings.identity("order_number");
        if (order != null && ORDER_NUMBER.matcher(order.value()).matches() && findings.identity("firmware") != null) {
            findings.evidence(0.2, "identity consistent: Siemens order number and firmware version present");
            family(findings, order.value());
        }
        honeypotSigns(findings);
    }

    static void moduleIdentification(Findings findings, S7Frames.Szl szl) {
        for (byte[] rec : szl.records()) {
            int index = S7Frames.index(rec);
            if (index == 1) {
                findings.read("order_number", S7Frames.text(rec, 2, 20));
            } else if (index == 7 && rec.length >= 28 && rec[24] == 'V') {
                findings.read("firmware", "V" + (rec[25] & 0xFF) + "." + (rec[26] & 0xFF) + "." + (rec[27] & 0xFF));
            }
        }
    }

    static void componentIdentification(Findings findings, S7Frames.Szl szl) {
        for (byte[] rec : szl.records()) {
            String key =
                    switch (S7Frames.index(rec)) {
                        case 1 -> "station_name";
                        case 2 -> "module_name";
                        case 3 -> "plant_id";
                        case 4 -> "copyright";
                        case 5 -> "serial_number";
                        case 7 -> "module_type";
                        default -> null;
                    };
            if (key != null) {
                findings.read(key, S7Frames.text(rec, 2, rec.length - 2));
            }
        }
    }

    private static void putGet(Findings findings, Exchange ex) throws IOException {
        try {
            int code = S7Frames.readVarReturnCode(ex.request(S7Frames.readMarkerByte(4), S7Frames.FRAMING));
            findings.hint(
                    "put_get",
                    switch (code) {
                        case 0xFF, 0x0A, 0x05 -> "enabled";
                        case 0x03 -> "disabled (access denied)";
                        default -> "unknown (Read Var return code " + code + ")";
                    });
        } catch (MalformedReplyException e) {
            findings.hint("put_get", "unknown (" + e.getMessage() + ")");
        }
    }

    private static void family(Findings findings, String order) {
        FAMILIES.entrySet().stream()
                .filter(e -> order.startsWith(e.getKey()))
                .findFirst()
                .ifPresent(e -> {
                    findings.derived("family", e.getValue());
                    findings.safety(e.getValue() + ": Siemens has published denial-of-service advisories for port 102"
                            + " of this family; check firmware "
                            + findings.identity("firmware").value()
                            + " against them and keep scans rare");
                });
    }

    /** Conpot's stock S7 template answers with these identity strings. */
    private static void honeypotSigns(Findings findings) {
        var station = findings.identity("station_name");
        var plant = findings.identity("plant_id");
        var serial = findings.identity("serial_number");
        if ((station != null && station.value().equals("Technodrome"))
                || (plant != null && plant.value().equals("Mouser Factory"))
                || (serial != null && serial.value().equals("88111222"))) {
            findings.safety("honeypot sign: identity equals Conpot's default S7 template");
        }
    }
}
