package io.vigil.adapters.scan.bacnet;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.MalformedReplyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BACnet/IP frames of the scanner: a confirmed ReadProperty request in a BVLC Original-Unicast-NPDU, and the decoder of
 * its replies (ComplexACK, Error, Reject, Abort). Layouts from ASHRAE 135 (annex J for BVLC, clause 6 for the NPDU,
 * clause 20 for the APDU and its tag encoding). The request says it accepts no segmentation and APDUs up to 1476
 * bytes, so a reply fits one datagram.
 */
public final class BacnetFrames {
    public static final int DEVICE = 8;

    /** The device instance every device answers to (ASHRAE 135 clause 15.5.2). */
    public static final int WILDCARD_INSTANCE = 4194303;

    /** BVLC 4 + NPDU with routing (up to 2 + 2 + 1 + 7 + 2 + 1 + 7 + 1) + 1476 APDU. */
    public static final int MAX_DATAGRAM = 1505;

    static final int OBJECT_IDENTIFIER = 75;
    static final int OBJECT_NAME = 77;
    static final int VENDOR_NAME = 121;
    static final int VENDOR_IDENTIFIER = 120;
    static final int MODEL_NAME = 70;
    static final int FIRMWARE_REVISION = 44;
    static final int APPLICATION_SOFTWARE_VERSION = 12;
    static final int PROTOCOL_SERVICES_SUPPORTED = 97;
    /** The bit of ReadPropertyMultiple in protocol-services-supported (its service choice). */
    static final int SERVICE_READ_PROPERTY_MULTIPLE = 14;

    private static final int READ_PROPERTY = 12;
    private static final int READ_PROPERTY_MULTIPLE = 14;
    private static final int MAX_APDU_1476 = 0x05;

    private BacnetFrames() {}

    /** ReadProperty of {@code property} of device {@code instance}. */
    public static byte[] readProperty(int invokeId, int instance, int property) {
        if (instance < 0 || instance > WILDCARD_INSTANCE) {
            throw new IllegalArgumentException("instance must be 0.." + WILDCARD_INSTANCE + ", not " + instance);
        }
        if (property < 0 || property > 255 || invokeId < 0 || invokeId > 255) {
            throw new IllegalArgumentException(
                    "property and invokeId must be 0..255, not " + property + ", " + invokeId);
        }
        int oid = (DEVICE << 22) | instance;
        return new byte[] {
            (byte) 0x81,
            0x0A,
            0,
            17, // BVLC: BACnet/IP, Original-Unicast-NPDU, length 17
            0x01,
            0x04, // NPDU: version 1, expecting reply, no routing
            0x00,
            MAX_APDU_1476,
            (byte) invokeId,
            READ_PROPERTY, // confirmed request, unsegmented
            0x0C,
            (byte) (oid >>> 24),
            (byte) (oid >>> 16),
            (byte) (oid >>> 8),
            (byte) oid, // [0] object identifier
            0x19,
            (byte) property // [1] property identifier
        };
    }

    /**
     * ReadPropertyMultiple of {@code properties} of device {@code instance}: one read access specification, the
     * property identifiers without array indexes.
     */
    public static byte[] readPropertyMultiple(int invokeId, int instance, List<Integer> properties) {
        if (properties.isEmpty() || properties.size() > 32) {
            throw new IllegalArgumentException("properties must be 1..32, not " + properties.size());
        }
        byte[] single = readProperty(invokeId, instance, properties.get(0));
        int length = 17 + 2 + 2 * properties.size() - 2;
        byte[] out = Arrays.copyOf(single, length);
        out[3] = (byte) length;
        out[9] = READ_PROPERTY_MULTIPLE;
        int at = 15;
        out[at++] = 0x1E; // [1] opening: list of property references
        for (int property : properties) {
            if (property < 0 || property > 255) {
                throw new IllegalArgumentException("property must be 0..255, not " + property);
            }
            out[at++] = 0x09; // [0] property identifier, 1 byte
            out[at++] = (byte) property;
        }
        out[at] = 0x1F;
        return out;
    }

    /** A decoded reply to a ReadProperty or a ReadPropertyMultiple. */
    public sealed interface Reply permits Ack, MultiAck, Error, Reject, Abort {
        int invokeId();
    }

    /** ComplexACK: the object that answered, the property, and its values. */
    public record Ack(int invokeId, int objectType, int instance, int property, List<Value> values) implements Reply {}

    /** ComplexACK to ReadPropertyMultiple: per property, in the device's order, an {@link Ack} or an {@link Error}. */
    public record MultiAck(int invokeId, int instance, Map<Integer, Reply> results) implements Reply {}

    /** One application-tagged value: its tag number (7 character string, 12 object identifier…) and its text. */
    public record Value(int tag, String text) {
        public static final int OBJECT_IDENTIFIER = 12;
    }

    public record Error(int invokeId, int errorClass, int errorCode) implements Reply {}

    public record Reject(int invokeId, int reason) implements Reply {}

    public record Abort(int invokeId, int reason) implements Reply {}

    /** The invoke id of a datagram, or -1 when it does not get that far (the decoder will say why). */
    public static int invokeIdOf(byte[] datagram) {
        try {
            var r = apdu(datagram);
            int type = r.u8() >> 4;
            return type == 0x0 || type == 0x1 ? -1 : r.u8(); // requests carry no reply's invoke id

        } catch (MalformedReplyException e) {
            return -1;
        }
    }

    /** Decodes the reply to a ReadPropertyMultiple with {@code invokeId}; anything else is malformed. */
    public static Reply decodeMultiple(byte[] datagram, int invokeId) {
        var r = apdu(datagram);
        int first = r.u8();
        if (first >> 4 != 0x3) {
            return decode(datagram, invokeId); // Error, Reject, Abort: the same as for ReadProperty
        }
        int id = r.u8();
        if (id != invokeId) {
            throw new MalformedReplyException("invoke id " + id + " is not ours (" + invokeId + ")");
        }
        if ((first & 0x08) != 0) {
            throw new MalformedReplyException("segmented ComplexACK, though the request accepted no segmentation");
        }
        if (r.u8() != READ_PROPERTY_MULTIPLE) {
            throw new MalformedReplyException("ComplexACK is not for ReadPropertyMultiple");
        }
        var oid = contextTag(r, 0);
        if (oid.length != 4) {
            throw new MalformedReplyException("object identifier of " + oid.length + " bytes");
        }
        long v = unsigned(oid);
        if (r.u8() != 0x1E) {
            throw new MalformedReplyException("no opening tag 1 before the list of results");
        }
        var results = new LinkedHashMap<Integer, Reply>();
        for (int tag = r.peek(); tag != 0x1F; tag = r.peek()) {
            int property = (int) unsigned(contextTag(r, 2));
            if (peekTagNumber(r) == 3 && !isOpening(r)) {
                contextTag(r, 3); // array index
            }
            results.put(property, result(r, id, (int) (v >>> 22), (int) (v & 0x3FFFFF), property));
        }
        r.u8();
        if (r.remaining() != 0) {
            throw new MalformedReplyException(r.remaining() + " bytes after the first object's results");
        }
        return new MultiAck(id, (int) (v & 0x3FFFFF), results);
    }

    /** One property's result: [4] values or [5] an error (class, code). */
    private static Reply result(ByteReader r, int id, int type, int instance, int property) {
        int open = r.u8();
        if (open == 0x5E) {
            var error = new Error(id, enumerated(r), enumerated(r));
            if (r.u8() != 0x5F) {
                throw new MalformedReplyException("no closing tag 5 after a property error");
            }
            return error;
        }
        if (open != 0x4E) {
            throw new MalformedReplyException("expected opening tag 4 or 5, found 0x" + Integer.toHexString(open));
        }
        var values = new ArrayList<Value>();
        for (int tag = r.u8(); tag != 0x4F; tag = r.u8()) {
            values.add(new Value(tag >> 4, applicationValue(r, tag)));
        }
        return new Ack(id, type, instance, property, values);
    }

    /** Whether a protocol-services-supported value (a bit string's text, {@code tag8:HEX}) has bit {@code bit} set. */
    static boolean bitSet(String bitString, int bit) {
        if (!bitString.startsWith("tag8:")) {
            return false;
        }
        byte[] b = HexFormat.of().parseHex(bitString.substring(5)); // first byte: unused bits in the last byte
        int index = 1 + bit / 8;
        return index < b.length && (b[index] & (0x80 >> (bit % 8))) != 0;
    }

    /** Decodes the reply to a ReadProperty with {@code invokeId}; anything else is malformed. */
    public static Reply decode(byte[] datagram, int invokeId) {
        var r = apdu(datagram);
        int first = r.u8();
        int type = first >> 4;
        int id = r.u8();
        if (id != invokeId) {
            throw new MalformedReplyException("invoke id " + id + " is not ours (" + invokeId + ")");
        }
        Reply reply =
                switch (type) {
                    case 0x3 -> ack(r, first, id);
                    case 0x5 -> error(r, id);
                    case 0x6 -> new Reject(id, r.u8());
                    case 0x7 -> new Abort(id, r.u8());
                    default ->
                        throw new MalformedReplyException("APDU type " + type + " is not a reply to ReadProperty");
                };
        if (r.remaining() != 0) {
            throw new MalformedReplyException(r.remaining() + " bytes after the reply");
        }
        return reply;
    }

    private static ByteReader apdu(byte[] d) {
        var r = new ByteReader(d);
        if (r.u8() != 0x81) {
            throw new MalformedReplyException("BVLC type 0x" + Integer.toHexString(d[0] & 0xFF) + " is not BACnet/IP");
        }
        int function = r.u8();
        int length = r.u16be();
        if (length != d.length) {
            throw new MalformedReplyException("BVLC length " + length + " is not the datagram's " + d.length);
        }
        if (function == 0x04) {
            r.skip(6); // Forwarded-NPDU: original source address
        } else if (function != 0x0A && function != 0x0B) {
            throw new MalformedReplyException("BVLC function 0x" + Integer.toHexString(function) + " carries no NPDU");
        }
        if (r.u8() != 1) {
            throw new MalformedReplyException("NPDU version is not 1");
        }
        int control = r.u8();
        if ((control & 0x80) != 0) {
            throw new MalformedReplyException("network layer message, not an APDU");
        }
        if ((control & 0x20) != 0) {
            r.skip(2);
            r.skip(r.u8()); // DNET, DLEN, DADR
        }
        if ((control & 0x08) != 0) {
            r.skip(2);
            r.skip(r.u8()); // SNET, SLEN, SADR
        }
        if ((control & 0x20) != 0) {
            r.u8(); // hop count
        }
        return r;
    }

    private static Ack ack(ByteReader r, int first, int id) {
        if ((first & 0x08) != 0) {
            throw new MalformedReplyException("segmented ComplexACK, though the request accepted no segmentation");
        }
        if (r.u8() != READ_PROPERTY) {
            throw new MalformedReplyException("ComplexACK is not for ReadProperty");
        }
        var oid = contextTag(r, 0);
        if (oid.length != 4) {
            throw new MalformedReplyException("object identifier of " + oid.length + " bytes");
        }
        long v = unsigned(oid);
        int property = (int) unsigned(contextTag(r, 1));
        if (peekTagNumber(r) == 2 && !isOpening(r)) {
            contextTag(r, 2); // array index
        }
        if (r.u8() != 0x3E) {
            throw new MalformedReplyException("no opening tag 3 before the property value");
        }
        var values = new ArrayList<Value>();
        while (true) {
            int tag = r.u8();
            if (tag == 0x3F) {
                break;
            }
            values.add(new Value(tag >> 4, applicationValue(r, tag)));
        }
        return new Ack(id, (int) (v >>> 22), (int) (v & 0x3FFFFF), property, values);
    }

    private static Error error(ByteReader r, int id) {
        r.u8(); // service choice
        return new Error(id, enumerated(r), enumerated(r));
    }

    private static int enumerated(ByteReader r) {
        int tag = r.u8();
        if ((tag & 0xF8) != 0x90 || (tag & 0x07) == 0 || (tag & 0x07) > 4) {
            throw new MalformedReplyException("expected an enumerated value, found tag 0x" + Integer.toHexString(tag));
        }
        return (int) unsigned(r.bytes(tag & 0x07));
    }

    private static int peekTagNumber(ByteReader r) {
        return r.remaining() == 0 ? -1 : (r.peek() >> 4);
    }

    private static boolean isOpening(ByteReader r) {
        return (r.peek() & 0x0F) == 0x0E;
    }

    private static byte[] contextTag(ByteReader r, int number) {
        int tag = r.u8();
        if ((tag >> 4) != number || (tag & 0x08) == 0 || (tag & 0x07) > 4) {
            throw new MalformedReplyException(
                    "expected context tag " + number + ", found 0x" + Integer.toHexString(tag));
        }
        return r.bytes(tag & 0x07);
    }

    /** One application-tagged primitive value as text (clause 20.2). */
    static String applicationValue(ByteReader r, int tag) {
        if ((tag & 0x08) != 0) {
            throw new MalformedReplyException("context tag 0x" + Integer.toHexString(tag) + " where a value belongs");
        }
        int number = tag >> 4;
        int lvt = tag & 0x07;
        if (number == 1) {
            return lvt == 1 ? "true" : "false"; // boolean: the value is in the tag
        }
        int length = lvt < 5 ? lvt : extendedLength(r);
        if (number == 15) {
            throw new MalformedReplyException("extended application tag numbers are reserved");
        }
        byte[] b = r.bytes(length);
        return switch (number) {
            case 0 -> "null";
            case 2, 9 -> Long.toString(unsigned(limit(b, 8)));
            case 7 -> characterString(b);
            case 12 -> {
                long v = unsigned(limit(b, 4));
                yield (v >>> 22) + ":" + (v & 0x3FFFFF);
            }
            default -> "tag" + number + ":" + HexFormat.of().formatHex(b);
        };
    }

    private static int extendedLength(ByteReader r) {
        int n = r.u8();
        if (n == 254) {
            return r.u16be();
        }
        if (n == 255) {
            long l = r.u32le(); // the length is big-endian; only its size matters here
            throw new MalformedReplyException("value length of 4 bytes (" + l + ") is more than a datagram holds");
        }
        return n;
    }

    private static byte[] limit(byte[] b, int max) {
        if (b.length == 0 || b.length > max) {
            throw new MalformedReplyException("numeric value of " + b.length + " bytes");
        }
        return b;
    }

    private static String characterString(byte[] b) {
        if (b.length == 0) {
            throw new MalformedReplyException("character string without its character set");
        }
        byte[] text = Arrays.copyOfRange(b, 1, b.length);
        return switch (b[0]) {
            case 0 -> new String(text, StandardCharsets.UTF_8);
            case 4 -> new String(text, StandardCharsets.UTF_16BE);
            case 5 -> new String(text, StandardCharsets.ISO_8859_1);
            default -> "charset" + b[0] + ":" + HexFormat.of().formatHex(text);
        };
    }

    private static long unsigned(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    /** Error class and code names for the errors a read meets. */
    public static String errorName(int errorClass, int errorCode) {
        String cls =
                switch (errorClass) {
                    case 0 -> "device";
                    case 1 -> "object";
                    case 2 -> "property";
                    case 3 -> "resources";
                    case 4 -> "security";
                    case 5 -> "services";
                    case 7 -> "communication";
                    default -> "class " + errorClass;
                };
        String code =
                switch (errorCode) {
                    case 31 -> "unknown-object";
                    case 32 -> "unknown-property";
                    case 27 -> "read-access-denied";
                    case 0 -> "other";
                    default -> "code " + errorCode;
                };
        return cls + "/" + code;
    }
}
