package io.vigil.adapters.modbus;

import io.vigil.core.tag.DataType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Converts between 16-bit register words and numbers. Words are first put into big-endian byte order according to the
 * {@link WordOrder}, then read as the data type; encoding runs the same steps backwards, so simulators and drivers
 * share one definition of every layout.
 */
public final class RegisterCodec {
    private RegisterCodec() {}

    /**
     * Decodes the words of a {@code string} tag: two characters per register, high byte first for {@link WordOrder#ABCD}
     * and low byte first for {@link WordOrder#BADC}. The text ends at the first NUL (PLC strings are NUL-terminated and
     * what follows is often stale) and trailing spaces are trimmed (space-padded fields). Bytes are read as UTF-8 when
     * they are valid UTF-8 (ASCII always is), otherwise as ISO-8859-1, one character per byte, which is how Western
     * PLCs store text such as {@code °C}; control characters become U+FFFD so a value never breaks a line of CSV or a
     * log.
     */
    public static String decodeText(WordOrder order, int[] words) {
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            byte hi = (byte) (words[i] >>> 8);
            byte lo = (byte) words[i];
            bytes[2 * i] = order.swapsBytes() ? lo : hi;
            bytes[2 * i + 1] = order.swapsBytes() ? hi : lo;
        }
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        while (end > 0 && bytes[end - 1] == ' ') {
            end--;
        }
        return withoutControls(charsOf(bytes, end));
    }

    private static String charsOf(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static String withoutControls(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        return out.toString();
    }

    /**
     * Encodes text into {@code registers} words as {@link #decodeText} reads them (UTF-8, NUL-padded); used by
     * simulators and tests. Text that does not fit is refused rather than cut.
     */
    public static int[] encodeText(WordOrder order, String text, int registers) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > registers * 2) {
            throw new IllegalArgumentException(
                    "text of " + utf8.length + " bytes does not fit in " + registers + " registers");
        }
        byte[] bytes = Arrays.copyOf(utf8, registers * 2);
        int[] words = new int[registers];
        for (int i = 0; i < registers; i++) {
            int a = bytes[2 * i] & 0xFF;
            int b = bytes[2 * i + 1] & 0xFF;
            words[i] = order.swapsBytes() ? (b << 8) | a : (a << 8) | b;
        }
        return words;
    }

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
            case STRING -> throw new IllegalArgumentException("a string is text: use decodeText");
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
            case STRING -> throw new IllegalArgumentException("a string is text: use encodeText");
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
