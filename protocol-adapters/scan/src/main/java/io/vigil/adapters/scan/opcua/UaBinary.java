package io.vigil.adapters.scan.opcua;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.MalformedReplyException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The few pieces of OPC UA Binary encoding (Part 6, 5.2) the probe needs, little-endian: a writer for requests and
 * decoders for the built-in types of the replies. Lengths are checked against what is left in the frame, so a lying
 * length is a {@link MalformedReplyException}, not an allocation.
 */
final class UaBinary {
    /** 100-ns ticks between 1601-01-01 (OPC UA DateTime epoch) and 1970-01-01. */
    private static final long EPOCH_OFFSET_TICKS = 116_444_736_000_000_000L;

    private static final int MAX_ARRAY = 1000;

    private UaBinary() {}

    /** A little-endian request writer. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >> (8 * i)));
            }
            return this;
        }

        Writer i64(long v) {
            u32(v);
            return u32(v >>> 32);
        }

        Writer string(String s) {
            if (s == null) {
                return u32(-1);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u32(b.length);
            out.writeBytes(b);
            return this;
        }

        /** A namespace-0 numeric NodeId in four-byte encoding. */
        Writer nodeId(int id) {
            return u8(0x01).u8(0).u8(id).u8(id >> 8);
        }

        Writer dateTime(Instant t) {
            return i64(t.getEpochSecond() * 10_000_000L + t.getNano() / 100 + EPOCH_OFFSET_TICKS);
        }

        /** A message: 3-letter type, chunk 'F', the size patched in. */
        static byte[] message(String type, Writer body) {
            byte[] b = body.out.toByteArray();
            var w = new Writer().ascii(type).ascii("F").u32(b.length + 8);
            w.out.writeBytes(b);
            return w.out.toByteArray();
        }
    }

    static String string(ByteReader r) {
        int n = r.i32le();
        return n < 0 ? null : r.utf8(n);
    }

    static byte[] byteString(ByteReader r) {
        int n = r.i32le();
        return n < 0 ? null : r.bytes(n);
    }

    static List<String> stringArray(ByteReader r) {
        int n = arrayLength(r);
        var out = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            out.add(string(r));
        }
        return out;
    }

    static int arrayLength(ByteReader r) {
        int n = r.i32le();
        if (n > MAX_ARRAY || n > r.remaining()) {
            throw new MalformedReplyException("array length " + n + " exceeds the frame");
        }
        return Math.max(n, 0);
    }

    /** Decodes a NodeId or ExpandedNodeId; returns its numeric id in namespace 0, or -1 for any other kind. */
    static int nodeId(ByteReader r) {
        int encoding = r.u8();
        int id =
                switch (encoding & 0x3F) {
                    case 0x00 -> r.u8();
                    case 0x01 -> r.u8() == 0 ? r.u16le() : -1;
                    case 0x02 -> r.u16le() == 0 ? r.i32le() : -1;
                    case 0x03 -> skip(r, () -> string(r));
                    case 0x04 -> skip(r, () -> r.bytes(16));
                    case 0x05 -> skip(r, () -> byteString(r));
                    default -> throw new MalformedReplyException("NodeId encoding 0x" + Integer.toHexString(encoding));
                };
        if ((encoding & 0x80) != 0) {
            string(r); // namespace URI
        }
        if ((encoding & 0x40) != 0) {
            r.u32le(); // server index
        }
        return id;
    }

    private static int skip(ByteReader r, Runnable body) {
        r.u16le();
        body.run();
        return -1;
    }

    static String localizedText(ByteReader r) {
        int mask = r.u8();
        if ((mask & 0x01) != 0) {
            string(r);
        }
        return (mask & 0x02) != 0 ? string(r) : null;
    }

    static void extensionObject(ByteReader r) {
        nodeId(r);
        int encoding = r.u8();
        if (encoding == 0x01 || encoding == 0x02) {
            byteString(r);
        }
    }

    static void diagnosticInfo(ByteReader r, int depth) {
        if (depth > 4) {
            throw new MalformedReplyException("diagnostic info nested too deep");
        }
        int mask = r.u8();
        for (int bit : new int[] {0x01, 0x02, 0x04, 0x08}) {
            if ((mask & bit) != 0) {
                r.i32le();
            }
        }
        if ((mask & 0x10) != 0) {
            string(r);
        }
        if ((mask & 0x20) != 0) {
            r.u32le();
        }
        if ((mask & 0x40) != 0) {
            diagnosticInfo(r, depth + 1);
        }
    }

    /** Decodes a ResponseHeader; returns its service result (a StatusCode, 0 = Good). */
    static long responseHeader(ByteReader r) {
        r.i64le(); // timestamp
        r.u32le(); // request handle
        long serviceResult = r.u32le();
        diagnosticInfo(r, 0);
        stringArray(r); // string table
        extensionObject(r); // additional header
        return serviceResult;
    }
}
