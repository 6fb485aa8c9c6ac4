package io.vigil.adapters.scan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounds-checked cursor over a reply. Every read past the end is a {@link MalformedReplyException}, so a truncated
 * or lying reply can only ever mean "not this protocol", never an {@code ArrayIndexOutOfBoundsException}.
 */
public final class ByteReader {
    private final byte[] bytes;
    private int pos;

    public ByteReader(byte[] bytes) {
        this(bytes, 0);
    }

    public ByteReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.pos = offset;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return bytes.length - pos;
    }

    /** The next byte, without moving past it. */
    public int peek() {
        need(1);
        return bytes[pos] & 0xFF;
    }

    public int u8() {
        need(1);
        return bytes[pos++] & 0xFF;
    }

    public int u16be() {
        need(2);
        int v = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u16le() {
        need(2);
        int v = (bytes[pos] & 0xFF) | ((bytes[pos + 1] & 0xFF) << 8);
        pos += 2;
        return v;
    }

    public int i32le() {
        need(4);
        int v = (bytes[pos] & 0xFF)
                | ((bytes[pos + 1] & 0xFF) << 8)
                | ((bytes[pos + 2] & 0xFF) << 16)
                | ((bytes[pos + 3] & 0xFF) << 24);
        pos += 4;
        return v;
    }

    public long u32le() {
        return i32le() & 0xFFFF_FFFFL;
    }

    public long i64le() {
        long lo = u32le();
        long hi = u32le();
        return (hi << 32) | lo;
    }

    public byte[] bytes(int n) {
        if (n < 0) {
            throw new MalformedReplyException("negative length " + n + " at offset " + pos);
        }
        need(n);
        byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return out;
    }

    public String ascii(int n) {
        return new String(bytes(n), StandardCharsets.US_ASCII);
    }

    public String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    public void skip(int n) {
        bytes(n);
    }

    private void need(int n) {
        if (n > bytes.length - pos) {
            throw new MalformedReplyException(
                    "reply ends at " + bytes.length + " bytes, needed " + n + " more at offset " + pos);
        }
    }
}
