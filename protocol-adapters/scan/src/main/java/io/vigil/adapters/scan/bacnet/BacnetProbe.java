package io.vigil.adapters.scan.bacnet;

import io.vigil.adapters.scan.DatagramExchange;
import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.HostSession;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * BACnet/IP fingerprint on UDP: a confirmed ReadProperty of the device object's object-identifier, addressed to the
 * wildcard instance 4194303 (every device answers with its real instance), then its protocol-services-supported. A
 * device that lists ReadPropertyMultiple gets one ReadPropertyMultiple for all the identification properties; any
 * other device, or one whose ReadPropertyMultiple fails, one ReadProperty at a time, each after the host's frame gap.
 * Never a broadcast, never Who-Is, never a write or a device-control service. A device that rejects or aborts the
 * first read is still BACnet.
 */
public final class BacnetProbe implements Probe {
    /** Identification properties read after the object identifier, and the identity key each becomes. */
    static final Map<Integer, String> PROPERTIES = properties();

    @Override
    public ScanProtocol protocol() {
        return ScanProtocol.BACNET_IP;
    }

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public int nativePort() {
        return 47808;
    }

    @Override
    public int rank() {
        return 60;
    }

    @Override
    public Findings run(HostSession session, ScanTarget target) throws IOException {
        DatagramExchange ex = session.openDatagram(ScanProtocol.BACNET_IP, target.port());
        var findings = new Findings(ScanProtocol.BACNET_IP);
        int invokeId = 1;
        BacnetFrames.Reply first = read(ex, invokeId, BacnetFrames.WILDCARD_INSTANCE, BacnetFrames.OBJECT_IDENTIFIER);
        if (!identified(findings, first)) {
            return findings;
        }
        var ack = (BacnetFrames.Ack) first;
        int instance = deviceInstance(ack);
        invokeId++;
        if (readsMultiple(findings, ex, invokeId, instance)) {
            invokeId++;
            try {
                var all = BacnetFrames.decodeMultiple(
                        ex.request(
                                BacnetFrames.readPropertyMultiple(invokeId, instance, List.copyOf(PROPERTIES.keySet())),
                                BacnetFrames.MAX_DATAGRAM,
                                replyTo(invokeId)),
                        invokeId);
                if (all instanceof BacnetFrames.MultiAck m) {
                    PROPERTIES.forEach(
                            (property, key) -> record(findings, key, m.results().getOrDefault(property, all)));
                    consistency(findings);
                    return findings;
                }
                findings.note("ReadPropertyMultiple answered " + all + "; reading one property at a time");
            } catch (SocketTimeoutException | MalformedReplyException e) {
                findings.note("ReadPropertyMultiple failed (" + e.getMessage() + "); reading one property at a time");
            }
        }
        for (var p : PROPERTIES.entrySet()) {
            invokeId++;
            try {
                record(findings, p.getValue(), read(ex, invokeId, instance, p.getKey()));
            } catch (SocketTimeoutException | MalformedReplyException e) {
                findings.note(p.getValue() + " not read: " + e.getMessage() + "; remaining properties not asked");
                break;
            }
        }
        consistency(findings);
        return findings;
    }

    private static BacnetFrames.Reply read(DatagramExchange ex, int invokeId, int instance, int property)
            throws IOException {
        byte[] reply = ex.request(
                BacnetFrames.readProperty(invokeId, instance, property), BacnetFrames.MAX_DATAGRAM, replyTo(invokeId));
        return BacnetFrames.decode(reply, invokeId);
    }

    private static Predicate<byte[]> replyTo(int invokeId) {
        return d -> {
            int id = BacnetFrames.invokeIdOf(d);
            return id < 0 || id == invokeId; // a late reply to an earlier request is skipped
        };
    }

    /** Reads protocol-services-supported; true when it lists ReadPropertyMultiple. */
    private static boolean readsMultiple(Findings findings, DatagramExchange ex, int invokeId, int instance)
            throws IOException {
        BacnetFrames.Reply services;
        try {
            services = read(ex, invokeId, instance, BacnetFrames.PROTOCOL_SERVICES_SUPPORTED);
        } catch (SocketTimeoutException | MalformedReplyException e) {
            findings.note("protocol-services-supported not read: " + e.getMessage());
            return false;
        }
        boolean multiple = services instanceof BacnetFrames.Ack a
                && !a.values().isEmpty()
                && BacnetFrames.bitSet(a.values().get(0).text(), BacnetFrames.SERVICE_READ_PROPERTY_MULTIPLE);
        findings.derived("read_property_multiple", multiple ? "supported" : "not listed");
        return multiple;
    }

    /** Classifies the reply to the first read; true when the device's identity can be read further. */
    static boolean identified(Findings findings, BacnetFrames.Reply first) {
        findings.evidence(0.4, "BVLC and NPDU valid, reply to our invoke id");
        findings.hint("vigil_driver", "none yet (BACnet/IP is identified only)");
        findings.safety("BACnet/IP has no authentication: anyone who reaches UDP 47808 can read, and unless the"
                + " device restricts them, write properties or send device-control services");
        if (first instanceof BacnetFrames.Ack a) {
            if (a.objectType() != BacnetFrames.DEVICE
                    || a.values().size() != 1
                    || a.values().get(0).tag() != BacnetFrames.Value.OBJECT_IDENTIFIER
                    || !a.values().get(0).text().startsWith(BacnetFrames.DEVICE + ":")) {
                findings.evidence(0.2, "ComplexACK to ReadProperty, but not a device object identifier: " + a);
                return false;
            }
            findings.evidence(0.4, "ComplexACK to ReadProperty of the device object's object-identifier");
            findings.read("device_instance", Integer.toString(deviceInstance(a)));
            findings.hint("device_instance", deviceInstance(a));
            return true;
        }
        if (first instanceof BacnetFrames.Error e) {
            findings.evidence(
                    0.3, "Error reply to ReadProperty: " + BacnetFrames.errorName(e.errorClass(), e.errorCode()));
        } else if (first instanceof BacnetFrames.Reject j) {
            findings.evidence(0.3, "Reject of ReadProperty, reason " + j.reason());
        } else if (first instanceof BacnetFrames.Abort b) {
            findings.evidence(0.3, "Abort of ReadProperty, reason " + b.reason());
        }
        return false;
    }

    static void record(Findings findings, String key, BacnetFrames.Reply reply) {
        if (reply instanceof BacnetFrames.Ack a && !a.values().isEmpty()) {
            findings.read(key, a.values().get(0).text());
        } else if (reply instanceof BacnetFrames.Error e) {
            findings.note(key + ": " + BacnetFrames.errorName(e.errorClass(), e.errorCode()));
        } else {
            findings.note(key + ": " + reply);
        }
    }

    private static void consistency(Findings findings) {
        var vendor = findings.identity("vendor");
        var name = findings.identity("object_name");
        if (vendor != null && name != null && printable(vendor.value()) && printable(name.value())) {
            findings.evidence(0.2, "identity consistent: object name and vendor name read, printable");
        } else {
            findings.note("identity incomplete: object name or vendor name missing or not printable");
        }
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c != 0x7F);
    }

    private static int deviceInstance(BacnetFrames.Ack a) {
        String v = a.values().get(0).text(); // "8:instance", an object identifier's text
        return Integer.parseInt(v.substring(v.indexOf(':') + 1));
    }

    private static Map<Integer, String> properties() {
        var m = new LinkedHashMap<Integer, String>();
        m.put(BacnetFrames.OBJECT_NAME, "object_name");
        m.put(BacnetFrames.VENDOR_NAME, "vendor");
        m.put(BacnetFrames.VENDOR_IDENTIFIER, "vendor_id");
        m.put(BacnetFrames.MODEL_NAME, "model_name");
        m.put(BacnetFrames.FIRMWARE_REVISION, "firmware_revision");
        m.put(BacnetFrames.APPLICATION_SOFTWARE_VERSION, "application_software_version");
        return Collections.unmodifiableMap(m);
    }
}
