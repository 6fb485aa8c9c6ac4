package io.vigil.core.tag;

import java.util.Arrays;
import java.util.Locale;

/**
 * The wire data type of a tag as the device stores it. Numbers are converted to double after reading; {@link #STRING}
 * is text, as many characters as the tag's {@link TagSpec#length() length} allows (Modbus: two per register).
 */
public enum DataType {
    BOOL(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    FLOAT32(2),
    FLOAT64(4),
    /** Text; its size comes from the tag's {@link TagSpec#length()}, so {@link #registers()} is 0. */
    STRING(0);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** How many 16-bit Modbus registers a value of this type occupies; 0 for {@link #STRING} (see the tag's length). */
    public int registers() {
        return registers;
    }

    /** Whether values of this type are text rather than numbers. */
    public boolean isText() {
        return this == STRING;
    }

    /** Parses the config spelling ({@code float32}, {@code INT16}, ...), naming the accepted values on failure. */
    public static DataType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown data type '" + text + "'; expected one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
