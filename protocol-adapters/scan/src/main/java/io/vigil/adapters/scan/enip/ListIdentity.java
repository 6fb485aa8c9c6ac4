package io.vigil.adapters.scan.enip;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.Framing;
import io.vigil.adapters.scan.MalformedReplyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * EtherNet/IP ListIdentity (encapsulation command 0x0063): the request is the bare 24-byte encapsulation header, sent
 * without a session (ListIdentity needs no RegisterSession); the reply carries CIP Identity items (type 0x000C).
 * Layouts from the EtherNet/IP specification (CIP Vol. 2, sections 2-3 and 2-4.2): little-endian, except the socket
 * address, which is in network order.
 */
public final class ListIdentity {
    public static final int COMMAND = 0x0063;
    public static final int ITEM_CIP_IDENTITY = 0x000C;

    /** The longest reply accepted: an identity item is under 100 bytes; a gateway may list a few. */
    public static final int MAX_DATA = 1024;

    /** The sender context we put in the request; a reply must echo it. */
    static final byte[] CONTEXT = "vigilscn".getBytes(StandardCharsets.US_ASCII);

    public static final Framing FRAMING = new Framing() {
        @Override
        public int headerLength() {
            return 24;
        }

        @Override
        public int totalLength(byte[] h) {
            var r = new ByteReader(h);
            int command = r.u16le();
            int length = r.u16le();
            if (command != COMMAND) {
                throw new MalformedReplyException(
                        "encapsulation command 0x" + Integer.toHexString(command) + " is not ListIdentity");
            }
            if (length > MAX_DATA) {
                throw new MalformedReplyException("encapsulation length " + length + " is outside 0.." + MAX_DATA);
            }
            return 24 + length;
        }
    };

    private ListIdentity() {}

    public static byte[] request() {
        byte[] out = new byte[24];
        out[0] = (byte) COMMAND;
        System.arraycopy(CONTEXT, 0, out, 12, 8);
        return out;
    }

    /** A decoded reply: the encapsulation status (0 = success) and the identity items it carried. */
    public record Reply(long status, List<Identity> identities) {}

    /** One CIP Identity item. {@code state} is -1 when the item ends before it (older devices). */
    public record Identity(
            int encapsulationVersion,
            String socketAddress,
            int socketFamily,
            int vendorId,
            int deviceType,
            int productCode,
            int revisionMajor,
            int revisionMinor,
            int status,
            long serial,
            String productName,
            int state) {}

    public static Reply decode(byte[] frame, byte[] request) {
        if (Arrays.equals(frame, request)) {
            throw new MalformedReplyException("the reply echoes the request");
        }
        var r = new ByteReader(frame);
        int total = FRAMING.totalLength(r.bytes(24));
        if (total != frame.length) {
            throw new MalformedReplyException("reply is " + frame.length + " bytes, its header says " + total);
        }
        r = new ByteReader(frame, 8);
        long status = r.u32le();
        if (!Arrays.equals(r.bytes(8), CONTEXT)) {
            throw new MalformedReplyException("sender context is not the one we sent");
        }
        r.skip(4); // options
        if (status != 0) {
            return new Reply(status, List.of());
        }
        int count = r.u16le();
        var identities = new ArrayList<Identity>();
        for (int i = 0; i < count; i++) {
            int type = r.u16le();
            byte[] item = r.bytes(r.u16le());
            if (type == ITEM_CIP_IDENTITY) {
                identities.add(identity(item));
            }
        }
        if (r.remaining() != 0) {
            throw new MalformedReplyException(r.remaining() + " bytes after the last item");
        }
        if (identities.isEmpty()) {
            throw new MalformedReplyException("ListIdentity reply without a CIP Identity item");
        }
        return new Reply(0, identities);
    }

    private static Identity identity(byte[] item) {
        var r = new ByteReader(item);
        int version = r.u16le();
        int family = r.u16be();
        int port = r.u16be();
        byte[] ip = r.bytes(4);
        r.skip(8); // sin_zero
        String address =
                (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF) + ":" + port;
        int vendor = r.u16le();
        int deviceType = r.u16le();
        int productCode = r.u16le();
        int major = r.u8();
        int minor = r.u8();
        int status = r.u16le();
        long serial = r.u32le();
        String name = new String(r.bytes(r.u8()), StandardCharsets.ISO_8859_1);
        int state = r.remaining() > 0 ? r.u8() : -1;
        return new Identity(
                version, address, family, vendor, deviceType, productCode, major, minor, status, serial, name, state);
    }

    /** A few vendor ids of the ODVA list; {@code null} for the others. */
    public static String vendorName(int id) {
        return switch (id) {
            case 1 -> "Rockwell Automation/Allen-Bradley";
            case 40 -> "WAGO Corporation";
            case 47 -> "Omron Corporation";
            case 90 -> "HMS Industrial Networks AB";
            case 108 -> "Beckhoff Industrie Elektronik";
            case 145 -> "Siemens Energy & Automation/Drives";
            case 161 -> "Mitsubishi Electric Corporation";
            case 243 -> "Schneider Automation, Inc.";
            case 283 -> "Hilscher GmbH";
            default -> null;
        };
    }

    /** CIP device profile names of the common device types. */
    public static String deviceTypeName(int type) {
        return switch (type) {
            case 0x00 -> "Generic Device (deprecated)";
            case 0x02 -> "AC Drive";
            case 0x07 -> "General Purpose Discrete I/O";
            case 0x0C -> "Communications Adapter";
            case 0x0E -> "Programmable Logic Controller";
            case 0x13 -> "DC Drive";
            case 0x18 -> "Human-Machine Interface";
            case 0x2B -> "Generic Device (keyable)";
            default -> "device type 0x" + Integer.toHexString(type);
        };
    }

    /** Identity object attribute 8 (state). */
    public static String stateName(int state) {
        return switch (state) {
            case 0 -> "nonexistent";
            case 1 -> "device self testing";
            case 2 -> "standby";
            case 3 -> "operational";
            case 4 -> "major recoverable fault";
            case 5 -> "major unrecoverable fault";
            case 255 -> "default (unknown)";
            default -> "state " + state;
        };
    }
}
