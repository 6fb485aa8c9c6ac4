package io.vigil.adapters.scan.s7;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.Framing;
import io.vigil.adapters.scan.MalformedReplyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * S7comm over ISO-on-TCP (RFC 1006 TPKT + ISO 8073 COTP): the connection request, Setup Communication, the userdata
 * SZL read and a one-byte Read Var, and decoders for their replies.
 */
final class S7Frames {
    /** TPKT: version 3, reserved, 16-bit length; a reply above 4096 bytes is not one the probe asked for. */
    static final Framing FRAMING = new Framing() {
        @Override
        public int headerLength() {
            return 4;
        }

        @Override
        public int totalLength(byte[] h) {
            var r = new ByteReader(h);
            if (r.u8() != 3 || r.u8() != 0) {
                throw new MalformedReplyException("not a TPKT header (version 3)");
            }
            int length = r.u16be();
            if (length < 7 || length > 4096) {
                throw new MalformedReplyException("TPKT length " + length + " is outside 7..4096");
            }
            return length;
        }
    };

    static final int LOCAL_TSAP = 0x0100;
    static final int PROTOCOL_S7COMM = 0x32;
    static final int PROTOCOL_S7COMM_PLUS = 0x72;

    private S7Frames() {}

    /** The remote TSAP of a PG connection to rack/slot: 0x01, then rack * 32 + slot. */
    static int remoteTsap(int rack, int slot) {
        return 0x0100 | (rack * 32 + slot);
    }

    static byte[] connectionRequest(int remoteTsap) {
        return new byte[] {
            3,
            0,
            0,
            22,
            17,
            (byte) 0xE0,
            0,
            0,
            0,
            1,
            0,
            (byte) 0xC0,
            1,
            0x0A,
            (byte) 0xC1,
            2,
            (byte) (LOCAL_TSAP >> 8),
            (byte) LOCAL_TSAP,
            (byte) 0xC2,
            2,
            (byte) (remoteTsap >> 8),
            (byte) remoteTsap
        };
    }

    static byte[] setupCommunication(int pduRef, int pduSize) {
        return new byte[] {
            3,
            0,
            0,
            25,
            2,
            (byte) 0xF0,
            (byte) 0x80,
            0x32,
            1,
            0,
            0,
            (byte) (pduRef >> 8),
            (byte) pduRef,
            0,
            8,
            0,
            0,
            (byte) 0xF0,
            0,
            0,
            1,
            0,
            1,
            (byte) (pduSize >> 8),
            (byte) pduSize
        };
    }

    static byte[] readSzl(int pduRef, int szlId, int index) {
        return new byte[] {
            3,
            0,
            0,
            33,
            2,
            (byte) 0xF0,
            (byte) 0x80,
            0x32,
            7,
            0,
            0,
            (byte) (pduRef >> 8),
            (byte) pduRef,
            0,
            8,
            0,
            8,
            0,
            1,
            0x12,
            4,
            0x11,
            0x44,
            1,
            0,
            (byte) 0xFF,
            9,
            0,
            4,
            (byte) (szlId >> 8),
            (byte) szlId,
            (byte) (index >> 8),
            (byte) index
        };
    }

    /** Read Var of one byte of the marker area (MB0): harmless, and it tells whether PUT/GET access is allowed. */
    static byte[] readMarkerByte(int pduRef) {
        return new byte[] {
            3,
            0,
            0,
            31,
            2,
            (byte) 0xF0,
            (byte) 0x80,
            0x32,
            1,
            0,
            0,
            (byte) (pduRef >> 8),
            (byte) pduRef,
            0,
            14,
            0,
            0,
            4,
            1,
            0x12,
            0x0A,
            0x10,
            2,
            0,
            1,
            0,
            0,
            (byte) 0x83,
            0,
            0,
            0
        };
    }

    /** A COTP connection confirm; returns the TPDU size code or -1. */
    static int connectionConfirm(byte[] frame) {
        var r = new ByteReader(frame, 4);
        int li = r.u8();
        int type = r.u8();
        if (type != 0xD0) {
            throw new MalformedReplyException(
                    type == 0x80 ? "COTP disconnect request (TSAP refused)" : "COTP PDU 0x" + hex(type) + " is not CC");
        }
        if (li + 5 != frame.length) {
            throw new MalformedReplyException("COTP length indicator " + li + " does not match the frame");
        }
        r.skip(5); // dst ref, src ref, class
        int tpduSize = -1;
        while (r.remaining() >= 2) {
            int code = r.u8();
            int len = r.u8();
            byte[] value = r.bytes(len);
            if (code == 0xC0 && len == 1) {
                tpduSize = value[0];
            }
        }
        return tpduSize;
    }

    /** The S7 payload of a COTP data frame, starting at the protocol id. */
    static ByteReader s7Payload(byte[] frame) {
        var r = new ByteReader(frame, 4);
        int li = r.u8();
        int type = r.u8();
        if (type != 0xF0 || li != 2) {
            throw new MalformedReplyException("COTP PDU 0x" + hex(type) + " is not DT");
        }
        r.u8();
        return r;
    }

    /** Negotiated PDU size from an Ack-Data to Setup Communication. */
    static int setupAck(byte[] frame) {
        var r = s7Payload(frame);
        int protocol = r.u8();
        if (protocol == PROTOCOL_S7COMM_PLUS) {
            throw new S7PlusReply();
        }
        if (protocol != PROTOCOL_S7COMM || r.u8() != 3) {
            throw new MalformedReplyException("not an S7comm Ack-Data");
        }
        r.skip(8); // reserved, PDU reference, parameter and data length
        int errClass = r.u8();
        int errCode = r.u8();
        if (errClass != 0 || errCode != 0) {
            throw new MalformedReplyException("Setup Communication error " + hex(errClass) + "/" + hex(errCode));
        }
        if (r.u8() != 0xF0) {
            throw new MalformedReplyException("Ack-Data is not for Setup Communication");
        }
        r.skip(5);
        int pdu = r.u16be();
        if (pdu < 64 || pdu > 8192) {
            throw new MalformedReplyException("negotiated PDU size " + pdu + " is implausible");
        }
        return pdu;
    }

    /** A reply in S7comm-plus (protocol id 0x72): the S7-1200/1500 family's own protocol. */
    static final class S7PlusReply extends RuntimeException {
        S7PlusReply() {
            super("S7comm-plus reply", null, false, false);
        }
    }

    /** One SZL list: its id, record length and records. */
    record Szl(int id, int recordLength, List<byte[]> records) {}

    /** Decodes a userdata reply to a SZL read. */
    static Szl szlReply(byte[] frame) {
        var r = s7Payload(frame);
        if (r.u8() != PROTOCOL_S7COMM || r.u8() != 7) {
            throw new MalformedReplyException("not an S7comm userdata reply");
        }
        r.skip(4);
        int paramLength = r.u16be();
        int dataLength = r.u16be();
        if (paramLength < 12) {
            throw new MalformedReplyException("userdata parameter length " + paramLength + " is below 12");
        }
        r.skip(3 + 1 + 1); // head, parameter length, method
        int typeGroup = r.u8();
        int subfunction = r.u8();
        r.skip(3); // sequence, data unit ref, last data unit
        int error = r.u16be();
        r.skip(paramLength - 12);
        if (typeGroup != 0x84 || subfunction != 1) {
            throw new MalformedReplyException("userdata reply 0x" + hex(typeGroup) + "/" + subfunction);
        }
        if (error != 0) {
            throw new MalformedReplyException("SZL read error 0x" + Integer.toHexString(error));
        }
        int returnCode = r.u8();
        r.u8(); // transport size
        int length = r.u16be();
        if (returnCode != 0xFF || length + 4 != dataLength) {
            throw new MalformedReplyException("SZL data return code 0x" + hex(returnCode));
        }
        int id = r.u16be();
        r.u16be(); // index
        int recordLength = r.u16be();
        int count = r.u16be();
        if (recordLength < 2 || (long) recordLength * count > r.remaining()) {
            throw new MalformedReplyException(count + " SZL records of " + recordLength + " bytes exceed the frame");
        }
        var records = new ArrayList<byte[]>();
        for (int i = 0; i < count; i++) {
            records.add(r.bytes(recordLength));
        }
        return new Szl(id, recordLength, records);
    }

    /** The return code of a one-item Read Var reply (0xFF success, 0x03 access denied, 0x0A object missing). */
    static int readVarReturnCode(byte[] frame) {
        var r = s7Payload(frame);
        if (r.u8() != PROTOCOL_S7COMM || r.u8() != 3) {
            throw new MalformedReplyException("not an S7comm Ack-Data");
        }
        r.skip(8); // reserved, PDU reference, parameter and data length
        int errClass = r.u8();
        int errCode = r.u8();
        if (errClass != 0) {
            return -(errClass << 8 | errCode);
        }
        if (r.u8() != 0x04) {
            throw new MalformedReplyException("Ack-Data is not for Read Var");
        }
        r.u8(); // item count
        return r.u8();
    }

    static String text(byte[] record, int from, int length) {
        int end = Math.min(record.length, from + length);
        int stop = from;
        while (stop < end && record[stop] != 0) {
            stop++;
        }
        return new String(record, from, Math.max(0, stop - from), StandardCharsets.ISO_8859_1).strip();
    }

    static int index(byte[] record) {
        return ((record[0] & 0xFF) << 8) | (record[1] & 0xFF);
    }

    static String hex(int v) {
        return String.format("%02x", v);
    }
}
