package io.vigil.adapters.modbus;

import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a tag lives on a Modbus device: {@code TABLE:OFFSET[:ORDER]}, for example {@code hr:100}, {@code ir:7:cdab}
 * or {@code co:3}. Offsets are zero-based protocol addresses (what goes on the wire), not the 40001-style numbers of
 * PLC manuals. The word order only matters for 32- and 64-bit types and strings; it defaults to {@link WordOrder#ABCD}.
 * A string takes {@code abcd} (high byte first, the usual layout) or {@code badc} (bytes swapped in each register);
 * swapping whole words of a text makes no sense, so {@code cdab} and {@code dcba} are refused for it.
 *
 * @param table the data table
 * @param offset zero-based start address, 0-65535
 * @param width how many registers (or bits) the value occupies
 * @param order the word order of multi-register values
 */
public record ModbusAddress(ModbusTable table, int offset, int width, WordOrder order) {
    public ModbusAddress {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(order, "order");
        if (width < 1 || width > ModbusTable.MAX_REGISTERS_PER_REQUEST) {
            throw new IllegalArgumentException(
                    "width " + width + " must be 1 to " + ModbusTable.MAX_REGISTERS_PER_REQUEST);
        }
        if (offset < 0 || offset + width > 65536) {
            throw new IllegalArgumentException(
                    "offset " + offset + " with width " + width + " leaves the Modbus address range 0-65535");
        }
    }

    /** Parses the tag's address for its data type, naming the tag and the accepted grammar on failure. */
    public static ModbusAddress of(TagSpec tag) {
        try {
            return parse(tag.address(), tag.type(), tag.registers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tag " + tag.id() + ": Modbus address '" + tag.address()
                    + "' is invalid: " + e.getMessage() + " (expected TABLE:OFFSET[:ORDER], e.g. hr:100 or ir:4:cdab)");
        }
    }

    static ModbusAddress parse(String text, DataType type, int registers) {
        String[] parts = text.trim().split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("wrong number of ':'-separated parts");
        }
        ModbusTable table = ModbusTable.ofPrefix(parts[0]);
        if (table.isBits() && type != DataType.BOOL) {
            throw new IllegalArgumentException("table " + table.prefix() + " holds bits, so the type must be bool, not "
                    + type.name().toLowerCase(Locale.ROOT));
        }
        WordOrder order = parts.length == 3 ? WordOrder.parse(parts[2]) : WordOrder.ABCD;
        if (type.isText() && order.swapsWords()) {
            throw new IllegalArgumentException("a string takes order abcd (high byte first) or badc (low byte first),"
                    + " not " + order.name().toLowerCase(Locale.ROOT));
        }
        return new ModbusAddress(table, parseOffset(parts[1]), table.isBits() ? 1 : registers, order);
    }

    private static int parseOffset(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("offset '" + text + "' is not a number");
        }
    }

    /** One past the last register (or bit) of the value. */
    int end() {
        return offset + width;
    }
}
