package io.vigil.adapters.s7;

import io.vigil.core.tag.DataType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Siemens S7 address as operators write it ({@code DB1.DBD0:REAL}, {@code DB1.DBW4:INT}, {@code M0.0:BOOL},
 * {@code I0.0}, {@code Q0.0}, {@code MW2}) and its PLC4X form ({@code %DB1.DBD0:REAL}).
 *
 * <p>The S7 type after the colon is optional: without it the tag's {@link DataType} chooses it ({@code float32} →
 * {@code REAL}, {@code int16} → {@code INT}, …), and without a tag type the access size letter does: a bit
 * ({@code X} or {@code .n}) is {@code BOOL}, {@code B} {@code BYTE}, {@code W} {@code INT}, {@code D} {@code REAL}.
 *
 * @param area {@code DB1}, {@code M}, {@code I} or {@code Q}
 * @param size the access size letter: {@code X} (bit), {@code B}, {@code W} or {@code D}
 * @param byteOffset the byte offset in the area
 * @param bit the bit number 0..7 of a bit access, -1 otherwise
 * @param s7Type the S7 data type ({@code REAL}, {@code INT}, {@code BOOL}, …)
 */
public record S7Address(String area, char size, int byteOffset, int bit, String s7Type) {
    private static final Pattern DB = Pattern.compile("DB(\\d{1,5})\\.DB([XBWD])(\\d{1,5})(?:\\.([0-7]))?");
    private static final Pattern MIQ = Pattern.compile("([MIQE])([XBWD])?(\\d{1,5})(?:\\.([0-7]))?");
    private static final Map<String, DataType> TYPES = Map.ofEntries(
            Map.entry("BOOL", DataType.BOOL),
            Map.entry("BYTE", DataType.UINT16),
            Map.entry("USINT", DataType.UINT16),
            Map.entry("SINT", DataType.INT16),
            Map.entry("INT", DataType.INT16),
            Map.entry("WORD", DataType.UINT16),
            Map.entry("UINT", DataType.UINT16),
            Map.entry("DINT", DataType.INT32),
            Map.entry("DWORD", DataType.UINT32),
            Map.entry("UDINT", DataType.UINT32),
            Map.entry("REAL", DataType.FLOAT32),
            Map.entry("LREAL", DataType.FLOAT64));

    public S7Address {
        if (!TYPES.containsKey(s7Type)) {
            throw new IllegalArgumentException("S7 type '" + s7Type + "' is not one of " + TYPES.keySet());
        }
        if ((bit >= 0) != (size == 'X')) {
            throw new IllegalArgumentException("S7 address " + area + ": a bit number goes with a bit access only");
        }
    }

    /**
     * Parses an address; {@code type} is the tag's data type when the config names one, empty otherwise.
     *
     * @throws IllegalArgumentException naming the address and the accepted forms
     */
    public static S7Address parse(String address, Optional<DataType> type) {
        String text = address.trim().toUpperCase(Locale.ROOT);
        String explicit = null;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            explicit = text.substring(colon + 1);
            text = text.substring(0, colon);
        }
        Matcher m = DB.matcher(text);
        String area;
        char size;
        if (m.matches()) {
            area = "DB" + Integer.parseInt(m.group(1));
            size = m.group(2).charAt(0);
        } else if ((m = MIQ.matcher(text)).matches()) {
            area = m.group(1).equals("E") ? "I" : m.group(1);
            size = m.group(2) != null ? m.group(2).charAt(0) : (m.group(4) != null ? 'X' : 'B');
        } else {
            throw invalid(address);
        }
        int offset = Integer.parseInt(m.group(3));
        int bit = m.group(4) == null ? -1 : Integer.parseInt(m.group(4));
        if (size == 'X' && bit < 0) {
            throw invalid(address);
        }
        String s7Type =
                explicit != null ? explicit : type.map(S7Address::s7TypeOf).orElse(defaultS7Type(size));
        return new S7Address(area, size, offset, bit, s7Type);
    }

    private static IllegalArgumentException invalid(String address) {
        return new IllegalArgumentException("'" + address + "' is not an S7 address (expected e.g. DB1.DBD0:REAL,"
                + " DB1.DBW4:INT, DB1.DBX2.0:BOOL, M0.0, MW2:INT, I0.0, Q0.0)");
    }

    /** The tag data type that holds values of this address. */
    public DataType dataType() {
        return TYPES.get(s7Type);
    }

    /** The address in PLC4X's S7 tag syntax. */
    public String plc4x() {
        String bitPart = bit >= 0 ? "." + bit : "";
        if (area.startsWith("DB")) {
            return "%" + area + ".DB" + size + byteOffset + bitPart + ":" + s7Type;
        }
        String sizePart = size == 'X' ? "" : String.valueOf(size);
        return "%" + area + sizePart + byteOffset + bitPart + ":" + s7Type;
    }

    private static String s7TypeOf(DataType type) {
        return switch (type) {
            case BOOL -> "BOOL";
            case INT16 -> "INT";
            case UINT16 -> "WORD";
            case INT32 -> "DINT";
            case UINT32 -> "DWORD";
            case FLOAT32 -> "REAL";
            case FLOAT64 -> "LREAL";
            case STRING -> throw new IllegalArgumentException("string tags are read from Modbus devices only");
        };
    }

    private static String defaultS7Type(char size) {
        return switch (size) {
            case 'X' -> "BOOL";
            case 'B' -> "BYTE";
            case 'W' -> "INT";
            default -> "REAL";
        };
    }
}
