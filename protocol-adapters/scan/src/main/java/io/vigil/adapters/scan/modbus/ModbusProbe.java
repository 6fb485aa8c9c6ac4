package io.vigil.adapters.scan.modbus;

import io.vigil.adapters.scan.Exchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Modbus TCP fingerprint: Read Device Identification (43/14), basic objects then regular ones, asking unit ids 255, 1
 * and 0 in that order and stopping at the first that answers (a gateway's "target failed to respond" is not an
 * answer). Never a sweep of unit ids, never a register read. The exception a device answers with is its signature
 * (many PLCs answer 43/14 with "illegal function"), and is enough to call it Modbus.
 */
public final class ModbusProbe implements Probe {
    static final int[] UNIT_ORDER = {255, 1, 0};
    private static final int MAX_CONTINUATIONS = 2;

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.MODBUS_TCP;
    }

    @Override
    public int nativePort() {
        return 502;
    }

    @Override
    public int rank() {
        return 30;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        var findings = new Findings(ScanProtocol.MODBUS_TCP);
        var signature = new ArrayList<String>();
        IOException silence = null;
        int tid = 1;
        Exchange ex = null;
        for (int unit : UNIT_ORDER) {
            if (ex == null) {
                ex = session.open(ScanProtocol.MODBUS_TCP, target.port());
            }
            byte[] req = DeviceIdentification.request(tid, unit, DeviceIdentification.BASIC, 0);
            DeviceIdentification.Reply reply;
            try {
                reply = DeviceIdentification.decode(ex.request(req, DeviceIdentification.FRAMING), req);
            } catch (SocketTimeoutException e) {
                signature.add(unit + ":timeout");
                findings.note("unit " + unit + ": no reply within "
                        + session.settings().timeout().toMillis() + " ms");
                silence = e;
                ex = null; // a late reply must not be taken for the next unit's: reconnect
                session.close();
                continue;
            }
            tid++;
            if (reply instanceof DeviceIdentification.Exception e) {
                signature.add(unit + ":ex" + String.format("%02x", e.code()));
                if (e.code() == 0x0A || e.code() == 0x0B) {
                    findings.hint("gateway", true);
                    findings.note("unit " + unit + ": " + DeviceIdentification.exceptionName(e.code()));
                    continue;
                }
                return exceptionOnly(findings, unit, e, signature);
            }
            var basic = (DeviceIdentification.Objects) reply;
            signature.add(unit + ":ok");
            return identified(findings, ex, unit, tid, basic, signature);
        }
        if (signature.stream().anyMatch(s -> s.contains(":ex"))) {
            findings.evidence(0.4, "MBAP framing valid");
            findings.evidence(0.3, "exception replies to 43/14 from every unit id asked (gateway without targets)");
            findings.hint("unit_id_signature", String.join(" ", signature));
            return findings;
        }
        throw silence != null ? silence : new SocketTimeoutException("no reply");
    }

    private static Findings exceptionOnly(
            Findings findings, int unit, DeviceIdentification.Exception e, List<String> signature) {
        findings.evidence(0.4, "MBAP framing valid (transaction id, protocol id 0, length)");
        findings.evidence(
                0.4,
                "unit " + unit + " answered 43/14 with exception " + e.code() + " ("
                        + DeviceIdentification.exceptionName(e.code())
                        + "): a Modbus server without device identification");
        findings.hint("unit_id", unit);
        findings.hint("unit_id_signature", String.join(" ", signature));
        findings.hint("device_identification", false);
        findings.hint("max_registers", 125);
        findings.derived("exception_signature", "43/14 -> exception " + e.code());
        return findings;
    }

    private Findings identified(
            Findings findings,
            Exchange ex,
            int unit,
            int tid,
            DeviceIdentification.Objects basic,
            List<String> signature)
            throws IOException {
        findings.evidence(0.4, "MBAP framing valid (transaction id, protocol id 0, length)");
        findings.evidence(
                0.4,
                "unit " + unit + " answered Read Device Identification (43/14), conformity 0x"
                        + String.format("%02x", basic.conformity()));
        Map<Integer, String> objects = new LinkedHashMap<>(basic.values());
        readRegular(findings, ex, unit, tid, objects);
        objects.forEach((id, v) -> findings.read(DeviceIdentification.objectName(id), v));
        checkConsistency(findings, basic, objects);
        findings.hint("unit_id", unit);
        findings.hint("unit_id_signature", String.join(" ", signature));
        findings.hint("answers_any_unit_id", unit == 255 ? "unknown (unit 255 answered; others not asked)" : false);
        findings.hint("device_identification", true);
        findings.hint("max_registers", 125);
        findings.hint("gateway", false);
        honeypotSigns(findings, objects);
        return findings;
    }

    private static void readRegular(Findings findings, Exchange ex, int unit, int tid, Map<Integer, String> objects)
            throws IOException {
        int next = 0;
        for (int i = 0; i <= MAX_CONTINUATIONS; i++) {
            byte[] req = DeviceIdentification.request(tid++, unit, DeviceIdentification.REGULAR, next);
            DeviceIdentification.Reply reply =
                    DeviceIdentification.decode(ex.request(req, DeviceIdentification.FRAMING), req);
            if (reply instanceof DeviceIdentification.Exception e) {
                findings.note("regular objects: exception " + e.code() + " ("
                        + DeviceIdentification.exceptionName(e.code()) + ")");
                return;
            }
            var more = (DeviceIdentification.Objects) reply;
            objects.putAll(more.values());
            if (!more.moreFollows()) {
                return;
            }
            next = more.nextObjectId();
        }
    }

    private static void checkConsistency(
            Findings findings, DeviceIdentification.Objects basic, Map<Integer, String> objects) {
        boolean basicComplete = objects.containsKey(0) && objects.containsKey(1) && objects.containsKey(2);
        boolean printable = objects.values().stream().allMatch(v -> v.chars().allMatch(c -> c >= 0x20 && c < 0x7F));
        if (basicComplete && printable && (basic.conformity() & 0x7F) >= 1) {
            findings.evidence(
                    0.2,
                    "identity consistent: vendor, product code and revision present, printable,"
                            + " conformity level matches");
        } else {
            findings.note("identity incomplete or not printable");
        }
    }

    /** Conpot's stock Modbus template presents itself as a Siemens S7-200 with this identity. */
    private static void honeypotSigns(Findings findings, Map<Integer, String> objects) {
        if ("Siemens".equals(objects.get(0)) && "SIMATIC".equals(objects.get(1)) && "S7-200".equals(objects.get(2))) {
            findings.safety("honeypot sign: identity equals Conpot's default template (Siemens / SIMATIC / S7-200)");
        }
    }
}
