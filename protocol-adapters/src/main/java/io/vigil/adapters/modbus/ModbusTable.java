package io.vigil.adapters.modbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four Modbus data tables, spelled in tag addresses by their prefix ({@code hr:100}). */
public enum ModbusTable {
    COIL("co", true),
    DISCRETE_INPUT("di", true),
    INPUT_REGISTER("ir", false),
    HOLDING_REGISTER("hr", false);

    /** Largest quantity one request may ask for (Modbus application protocol 1.1b3, functions 1-4). */
    static final int MAX_REGISTERS_PER_REQUEST = 125;

    static final int MAX_BITS_PER_REQUEST = 2000;

    private final String prefix;
    private final boolean bits;

    ModbusTable(String prefix, boolean bits) {
        this.prefix = prefix;
        this.bits = bits;
    }

    public String prefix() {
        return prefix;
    }

    /** Whether the table holds single bits (coils, discrete inputs) rather than 16-bit registers. */
    public boolean isBits() {
        return bits;
    }

    int maxPerRequest() {
        return bits ? MAX_BITS_PER_REQUEST : MAX_REGISTERS_PER_REQUEST;
    }

    static ModbusTable ofPrefix(String prefix) {
        String wanted = prefix.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.prefix.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown Modbus table '" + prefix
                        + "'; expected one of "
                        + Arrays.stream(values()).map(ModbusTable::prefix).collect(Collectors.joining(", "))));
    }
}
