package io.vigil.core.tag;

import java.util.Locale;

/** The wire data type of a tag as the device stores it; values are converted to double after reading. */
public enum DataType {
    BOOL(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    FLOAT32(2),
    FLOAT64(4);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** How many 16-bit Modbus registers a value of this type occupies. */
    public int registers() {
        return registers;
    }

    /** Parses the config spelling ({@code float32}, {@code INT16}, ...), naming the accepted values on failure. */
    public static DataType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown data type '" + text + "'; expected one of "
                    + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
