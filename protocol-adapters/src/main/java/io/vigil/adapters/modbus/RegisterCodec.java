package io.vigil.adapters.modbus;

import io.vigil.core.tag.DataType;
import java.nio.ByteBuffer;

/**
 * Converts between 16-bit register words and numbers. Words are first put into big-endian byte order according to the
 * {@link WordOrder}, then read as the data type; encoding runs the same steps backwards, so simulators and drivers
 * share one definition of every layout.
 */
public final class RegisterCodec {
    private RegisterCodec() {}

    /** Decodes {@code type.registers()} words (each 0-65535) in the given order into the raw device value. */
    public static double decode(DataType type, WordOrder order, int[] words) {
        if (words.length != type.registers()) {
            throw new IllegalArgumentException(type + " needs " + type.registers() + " registers, got " + words.length);
        }
        ByteBuffer bytes = ByteBuffer.wrap(toBigEndian(words, order));
        return switch (type) {
            case BOOL -> bytes.getShort() != 0 ? 1.0 : 0.0;
            case INT16 -> bytes.getShort();
            case UINT16 -> Short.toUnsignedInt(bytes.getShort());
            case INT32 -> bytes.getInt();
            case UINT32 -> Integer.toUnsignedLong(bytes.getInt());
            case FLOAT32 -> bytes.getFloat();
            case FLOAT64 -> bytes.getDouble();
        };
    }

    /**
     * Encodes a raw device value into words in the given order. Integer types round to the nearest integer and clamp to
     * the type's range, as a PLC register would saturate.
     */
    public static int[] encode(DataType type, WordOrder order, double raw) {
        ByteBuffer bytes = ByteBuffer.allocate(type.registers() * 2);
        switch (type) {
            case BOOL -> bytes.putShort((short) (raw != 0.0 ? 1 : 0));
            case INT16 -> bytes.putShort((short) clampRound(raw, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> bytes.putShort((short) clampRound(raw, 0, 0xFFFF));
            case INT32 -> bytes.putInt((int) clampRound(raw, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> bytes.putInt((int) clampRound(raw, 0, 0xFFFF_FFFFL));
            case FLOAT32 -> bytes.putFloat((float) raw);
            case FLOAT64 -> bytes.putDouble(raw);
        }
        return fromBigEndian(bytes.array(), order);
    }

    private static long clampRound(double raw, long min, long max) {
        return Math.max(min, Math.min(max, Math.round(raw)));
    }

    private static byte[] toBigEndian(int[] words, WordOrder order) {
        int n = words.length;
        byte[] out = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            int word = words[order.swapsWords() ? n - 1 - i : i];
            byte hi = (byte) (word >>> 8);
            byte lo = (byte) word;
            out[2 * i] = order.swapsBytes() ? lo : hi;
            out[2 * i + 1] = order.swapsBytes() ? hi : lo;
        }
        return out;
    }

    /** The inverse of {@link #toBigEndian}: both swaps are their own inverse. */
    private static int[] fromBigEndian(byte[] bytes, WordOrder order) {
        int n = bytes.length / 2;
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            int hi = bytes[2 * i] & 0xFF;
            int lo = bytes[2 * i + 1] & 0xFF;
            int word = order.swapsBytes() ? (lo << 8) | hi : (hi << 8) | lo;
            words[order.swapsWords() ? n - 1 - i : i] = word;
        }
        return words;
    }
}
