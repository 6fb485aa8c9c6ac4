package io.vigil.adapters.scan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The last check before a byte leaves the scanner: every outgoing frame passes {@link #check}, which throws
 * {@link UnsafeFrameException} unless it can prove the frame is one of the few identification or read requests the
 * scanner is allowed to send. It is an allow-list, decoded from the bytes themselves, so a bug in a probe's encoder
 * cannot turn into a write, a run/stop, a reset or a download on a live PLC:
 *
 * <ul>
 *   <li>Modbus TCP: function codes 1-4 (reads) and 43 with MEI type 14 (Read Device Identification). Everything else,
 *       including 8 (diagnostics, force listen-only) and 43/13, is refused.
 *   <li>S7: a COTP connection request, and in COTP data only S7 jobs Setup Communication (0xF0) or Read Var (0x04) and
 *       userdata "CPU functions / read SZL" requests. Write Var, PLC start/stop, block download/upload are refused.
 *   <li>OPC UA: Hello, OpenSecureChannel (issue, security None), a single-chunk GetEndpoints request, CloseSecureChannel.
 *   <li>EtherNet/IP: the 24-byte encapsulation header of ListIdentity (0x0063) with no data, session 0, status 0. No
 *       RegisterSession, so no SendRRData or SendUnitData, which is where every CIP service (reset, set attribute,
 *       download) travels.
 *   <li>BACnet/IP: an Original-Unicast-NPDU whose NPDU is not a network-layer message and routes nowhere, carrying a
 *       single, unsegmented confirmed ReadProperty or ReadPropertyMultiple request that decodes to the end. WriteProperty,
 *       DeviceCommunicationControl, ReinitializeDevice, file and object services, and every unconfirmed service are
 *       refused.
 *   <li>MQTT: a 3.1.1 CONNECT with only the clean-session flag (no will message, which a broker would publish; no
 *       credentials) and a client id, and DISCONNECT. SUBSCRIBE and PUBLISH are refused.
 * </ul>
 *
 * An optional {@link Observer} sees each frame that passed, which is how tests prove the guard saw every frame.
 */
public final class FrameGuard {
    private static final Set<Integer> MODBUS_READS = Set.of(1, 2, 3, 4);
    private static final int MODBUS_MEI = 43;
    private static final int MEI_DEVICE_ID = 0x0E;
    private static final int S7_SETUP = 0xF0;
    private static final int S7_READ_VAR = 0x04;
    private static final int UA_OPEN_REQUEST = 446;
    private static final int UA_GET_ENDPOINTS_REQUEST = 428;
    private static final int UA_CLOSE_REQUEST = 452;
    private static final int ENIP_LIST_IDENTITY = 0x0063;
    private static final int BVLC_ORIGINAL_UNICAST = 0x0A;
    private static final int BACNET_READ_PROPERTY = 12;
    private static final int BACNET_READ_PROPERTY_MULTIPLE = 14;
    private static final String UA_POLICY_NONE = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /** Sees every frame the guard let through. */
    @FunctionalInterface
    public interface Observer {
        void passed(ScanProtocol protocol, byte[] frame);
    }

    private final Observer observer;

    public FrameGuard(Observer observer) {
        this.observer = observer;
    }

    /** A guard without an observer: what {@code vigil scan} uses. */
    public static FrameGuard strict() {
        return new FrameGuard((p, f) -> {});
    }

    /** Returns normally only for an allowed frame; throws {@link UnsafeFrameException} for anything else. */
    public void check(ScanProtocol protocol, byte[] frame) {
        try {
            switch (protocol) {
                case MODBUS_TCP -> checkModbus(frame);
                case S7COMM -> checkS7(frame);
                case OPCUA -> checkOpcUa(frame);
                case ENIP -> checkEnip(frame);
                case BACNET_IP -> checkBacnet(frame);
                case MQTT -> checkMqtt(frame);
                default -> throw refuse(protocol, frame, "the scanner sends no frames for this protocol");
            }
        } catch (MalformedReplyException e) {
            throw refuse(protocol, frame, "frame does not decode: " + e.getMessage());
        }
        observer.passed(protocol, frame.clone());
    }

    private static void checkModbus(byte[] f) {
        var r = new ByteReader(f);
        r.u16be(); // transaction id
        if (r.u16be() != 0) {
            throw refuse(ScanProtocol.MODBUS_TCP, f, "protocol id is not 0");
        }
        if (r.u16be() != f.length - 6) {
            throw refuse(ScanProtocol.MODBUS_TCP, f, "MBAP length does not match the frame");
        }
        r.u8(); // unit id
        int fc = r.u8();
        if (MODBUS_READS.contains(fc) && f.length == 12) {
            return;
        }
        if (fc == MODBUS_MEI && f.length == 11 && r.u8() == MEI_DEVICE_ID) {
            int code = r.u8();
            if (code >= 1 && code <= 4) {
                return;
            }
        }
        throw refuse(ScanProtocol.MODBUS_TCP, f, "function code " + fc + " is not a read or device identification");
    }

    private static void checkS7(byte[] f) {
        var r = new ByteReader(f);
        if (r.u8() != 3 || r.u8() != 0 || r.u16be() != f.length) {
            throw refuse(ScanProtocol.S7COMM, f, "not a TPKT frame of its own length");
        }
        int li = r.u8();
        int pduType = r.u8();
        if (pduType == 0xE0) {
            return; // COTP connection request
        }
        if (pduType != 0xF0 || li != 2) {
            throw refuse(ScanProtocol.S7COMM, f, "COTP PDU type " + Integer.toHexString(pduType) + " is not CR or DT");
        }
        r.u8(); // EOT + TPDU number
        if (r.u8() != 0x32) {
            throw refuse(ScanProtocol.S7COMM, f, "COTP data is not S7comm (0x32)");
        }
        int rosctr = r.u8();
        r.skip(4); // reserved, PDU reference
        int paramLength = r.u16be();
        r.u16be(); // data length
        if (rosctr == 0x01 && paramLength >= 1) {
            int function = r.u8();
            if (function == S7_SETUP || function == S7_READ_VAR) {
                return;
            }
            throw refuse(ScanProtocol.S7COMM, f, "S7 job function 0x" + Integer.toHexString(function));
        }
        if (rosctr == 0x07 && paramLength >= 8) {
            r.skip(3); // parameter head 00 01 12
            r.u8(); // parameter length
            r.u8(); // method
            int typeGroup = r.u8();
            int subfunction = r.u8();
            if (typeGroup == 0x44 && subfunction == 0x01) {
                return; // request, CPU functions, read SZL
            }
            throw refuse(
                    ScanProtocol.S7COMM,
                    f,
                    "S7 userdata type/group 0x" + Integer.toHexString(typeGroup) + " subfunction 0x"
                            + Integer.toHexString(subfunction) + " is not a SZL read");
        }
        throw refuse(
                ScanProtocol.S7COMM, f, "S7 ROSCTR 0x" + Integer.toHexString(rosctr) + " is not a job or userdata");
    }

    private static void checkOpcUa(byte[] f) {
        var r = new ByteReader(f);
        String type = r.ascii(3);
        int chunk = r.u8();
        if (chunk != 'F' || r.u32le() != f.length) {
            throw refuse(ScanProtocol.OPCUA, f, "not a final chunk of its own length");
        }
        switch (type) {
            case "HEL" -> {}
            case "OPN" -> checkOpen(r, f);
            case "MSG" -> expectService(r, f, UA_GET_ENDPOINTS_REQUEST, "GetEndpoints");
            case "CLO" -> expectService(r, f, UA_CLOSE_REQUEST, "CloseSecureChannel");
            default -> throw refuse(ScanProtocol.OPCUA, f, "message type " + type);
        }
    }

    private static void checkOpen(ByteReader r, byte[] f) {
        r.u32le(); // secure channel id
        int policyLength = r.i32le();
        String policy = new String(r.bytes(Math.max(policyLength, 0)), StandardCharsets.UTF_8);
        if (!UA_POLICY_NONE.equals(policy)) {
            throw refuse(ScanProtocol.OPCUA, f, "OpenSecureChannel with policy " + policy);
        }
        skipByteString(r); // sender certificate
        skipByteString(r); // receiver thumbprint
        r.skip(8); // sequence number, request id
        int service = numericNodeId(r);
        if (service != UA_OPEN_REQUEST) {
            throw refuse(ScanProtocol.OPCUA, f, "OPN carries service " + service);
        }
    }

    private static void expectService(ByteReader r, byte[] f, int expected, String name) {
        r.skip(16); // channel id, token id, sequence number, request id
        int service = numericNodeId(r);
        if (service != expected) {
            throw refuse(ScanProtocol.OPCUA, f, "service i=" + service + " is not " + name);
        }
    }

    private static void skipByteString(ByteReader r) {
        int n = r.i32le();
        if (n > 0) {
            r.skip(n);
        }
    }

    /** Decodes a namespace-0 numeric NodeId (two-, four-byte or numeric encoding); -1 for anything else. */
    private static int numericNodeId(ByteReader r) {
        int encoding = r.u8();
        return switch (encoding) {
            case 0x00 -> r.u8();
            case 0x01 -> r.u8() == 0 ? r.u16le() : -1;
            case 0x02 -> r.u16le() == 0 ? r.i32le() : -1;
            default -> -1;
        };
    }

    private static void checkEnip(byte[] f) {
        var r = new ByteReader(f);
        int command = r.u16le();
        if (command != ENIP_LIST_IDENTITY) {
            throw refuse(
                    ScanProtocol.ENIP,
                    f,
                    "encapsulation command 0x" + Integer.toHexString(command) + " is not ListIdentity");
        }
        int length = r.u16le();
        long session = r.u32le();
        long status = r.u32le();
        r.skip(8); // sender context: ours to choose, echoed back
        long options = r.u32le();
        if (f.length != 24 || length != 0 || session != 0 || status != 0 || options != 0) {
            throw refuse(
                    ScanProtocol.ENIP,
                    f,
                    "ListIdentity must be a bare 24-byte header (length, session, status," + " options 0)");
        }
    }

    private static void checkBacnet(byte[] f) {
        var r = new ByteReader(f);
        if (r.u8() != 0x81 || r.u8() != BVLC_ORIGINAL_UNICAST || r.u16be() != f.length) {
            throw refuse(ScanProtocol.BACNET_IP, f, "not a BVLC Original-Unicast-NPDU of its own length");
        }
        int version = r.u8();
        int control = r.u8();
        if (version != 1 || (control & ~0x04) != 0) {
            throw refuse(
                    ScanProtocol.BACNET_IP,
                    f,
                    "NPDU control 0x" + Integer.toHexString(control)
                            + " is a network message, routed, or not version 1");
        }
        int type = r.u8();
        if ((type & 0xF8) != 0) {
            throw refuse(
                    ScanProtocol.BACNET_IP,
                    f,
                    "APDU type 0x" + Integer.toHexString(type >> 4) + " is not an unsegmented confirmed request");
        }
        r.u8(); // max segments, max APDU accepted
        r.u8(); // invoke id
        int service = r.u8();
        if (service == BACNET_READ_PROPERTY) {
            readPropertyBody(r, f);
        } else if (service == BACNET_READ_PROPERTY_MULTIPLE) {
            do {
                readAccessSpecification(r, f);
            } while (r.remaining() > 0);
        } else {
            throw refuse(ScanProtocol.BACNET_IP, f, "confirmed service " + service + " is not a read");
        }
        if (r.remaining() != 0) {
            throw refuse(ScanProtocol.BACNET_IP, f, r.remaining() + " bytes after the read request");
        }
    }

    private static void readPropertyBody(ByteReader r, byte[] f) {
        expectTag(r, f, 0x0C, 4); // context 0: object identifier
        int prop = r.u8();
        if (prop != 0x19 && prop != 0x1A) {
            throw refuse(ScanProtocol.BACNET_IP, f, "ReadProperty without a property identifier");
        }
        r.skip(prop & 0x07);
        if (r.remaining() > 0) {
            expectTag(r, f, 0x29, 1); // context 2: array index
        }
    }

    private static void readAccessSpecification(ByteReader r, byte[] f) {
        expectTag(r, f, 0x0C, 4);
        if (r.u8() != 0x1E) {
            throw refuse(ScanProtocol.BACNET_IP, f, "ReadPropertyMultiple without a property list");
        }
        for (int tag = r.u8(); tag != 0x1F; tag = r.u8()) {
            if (tag != 0x09 && tag != 0x0A && tag != 0x19) {
                throw refuse(ScanProtocol.BACNET_IP, f, "tag 0x" + Integer.toHexString(tag) + " in a property list");
            }
            r.skip(tag & 0x07);
        }
    }

    private static void expectTag(ByteReader r, byte[] f, int tag, int length) {
        if (r.u8() != tag) {
            throw refuse(ScanProtocol.BACNET_IP, f, "expected tag 0x" + Integer.toHexString(tag));
        }
        r.skip(length);
    }

    private static void checkMqtt(byte[] f) {
        if (f.length == 2 && (f[0] & 0xFF) == 0xE0 && f[1] == 0) {
            return; // DISCONNECT
        }
        var r = new ByteReader(f);
        int type = r.u8();
        int remaining = r.u8();
        if (type != 0x10 || remaining > 127 || remaining != f.length - 2) {
            throw refuse(
                    ScanProtocol.MQTT,
                    f,
                    "packet type 0x" + Integer.toHexString(type) + " is not a short CONNECT or DISCONNECT");
        }
        if (r.u16be() != 4 || !r.ascii(4).equals("MQTT") || r.u8() != 4) {
            throw refuse(ScanProtocol.MQTT, f, "CONNECT is not MQTT 3.1.1");
        }
        int flags = r.u8();
        if (flags != 0x02) {
            throw refuse(
                    ScanProtocol.MQTT,
                    f,
                    "CONNECT flags 0x" + Integer.toHexString(flags)
                            + " ask for more than a clean session (will, user name or password)");
        }
        r.u16be(); // keep alive
        int idLength = r.u16be();
        r.skip(idLength);
        if (r.remaining() != 0) {
            throw refuse(ScanProtocol.MQTT, f, "CONNECT carries more than a client id");
        }
    }

    private static UnsafeFrameException refuse(ScanProtocol protocol, byte[] frame, String why) {
        return new UnsafeFrameException("refused to send a " + protocol.wireName() + " frame (" + why + "): "
                + Hex.of(Arrays.copyOf(frame, Math.min(frame.length, 64))));
    }
}
