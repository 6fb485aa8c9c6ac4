package io.vigil.adapters.scan.modbus;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.Framing;
import io.vigil.adapters.scan.MalformedReplyException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Modbus TCP frames of Read Device Identification (function 43, MEI type 14): the request encoder and the reply
 * decoder. A reply is either {@link Objects} (the identity strings) or an {@link Exception} (function 0xAB).
 */
public final class DeviceIdentification {
    /** Read device id codes: 1 basic (vendor, product code, revision), 2 regular (adds URL, names). */
    public static final int BASIC = 1;

    public static final int REGULAR = 2;

    /** MBAP header plus function code; the length field allows at most 254 bytes of PDU (Modbus spec). */
    public static final Framing FRAMING = new Framing() {
        @Override
        public int headerLength() {
            return 8;
        }

        @Override
        public int totalLength(byte[] h) {
            var r = new ByteReader(h);
            r.u16be();
            int protocolId = r.u16be();
            int length = r.u16be();
            if (protocolId != 0) {
                throw new MalformedReplyException("MBAP protocol id is " + protocolId + ", not 0");
            }
            if (length < 2 || length > 254) {
                throw new MalformedReplyException("MBAP length " + length + " is outside 2..254");
            }
            return 6 + length;
        }
    };

    private DeviceIdentification() {}

    public static byte[] request(int transactionId, int unitId, int code, int objectId) {
        return new byte[] {
            (byte) (transactionId >> 8),
            (byte) transactionId,
            0,
            0,
            0,
            5,
            (byte) unitId,
            0x2B,
            0x0E,
            (byte) code,
            (byte) objectId
        };
    }

    /** A decoded reply. */
    public sealed interface Reply permits Objects, Exception {
        int unitId();
    }

    /** The identity objects of one reply, by object id. */
    public record Objects(
            int unitId, int conformity, boolean moreFollows, int nextObjectId, Map<Integer, String> values)
            implements Reply {}

    /** A Modbus exception reply (function 0xAB) with its code. */
    public record Exception(int unitId, int code) implements Reply {}

    /** Decodes a reply to the request with {@code transactionId}; a frame of anything else is malformed. */
    public static Reply decode(byte[] frame, byte[] request) {
        if (Arrays.equals(frame, request)) {
            throw new MalformedReplyException("the reply echoes the request");
        }
        var r = new ByteReader(frame);
        int tid = r.u16be();
        if (tid != (((request[0] & 0xFF) << 8) | (request[1] & 0xFF))) {
            throw new MalformedReplyException("transaction id " + tid + " does not match the request");
        }
        r.skip(4);
        int unit = r.u8();
        int function = r.u8();
        if (function == 0xAB) {
            int code = r.u8();
            if (r.remaining() != 0) {
                throw new MalformedReplyException("exception reply has " + r.remaining() + " extra bytes");
            }
            return new Exception(unit, code);
        }
        if (function != 0x2B || r.u8() != 0x0E) {
            throw new MalformedReplyException("function " + function + " is not a device identification reply");
        }
        r.u8(); // read device id code
        int conformity = r.u8();
        boolean more = r.u8() == 0xFF;
        int next = r.u8();
        int count = r.u8();
        var values = new LinkedHashMap<Integer, String>();
        for (int i = 0; i < count; i++) {
            int id = r.u8();
            int len = r.u8();
            values.put(id, new String(r.bytes(len), StandardCharsets.ISO_8859_1));
        }
        if (r.remaining() != 0) {
            throw new MalformedReplyException("device identification reply has " + r.remaining() + " extra bytes");
        }
        return new Objects(unit, conformity, more, next, values);
    }

    /** The name of a standard object id. */
    public static String objectName(int id) {
        return switch (id) {
            case 0 -> "vendor";
            case 1 -> "product_code";
            case 2 -> "revision";
            case 3 -> "vendor_url";
            case 4 -> "product_name";
            case 5 -> "model_name";
            case 6 -> "user_application_name";
            default -> "object_" + id;
        };
    }

    /** Modbus exception code names. */
    public static String exceptionName(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 6 -> "server device busy";
            case 0x0A -> "gateway path unavailable";
            case 0x0B -> "gateway target device failed to respond";
            default -> "code " + code;
        };
    }
}
