package io.vigil.core.tag;

import io.vigil.core.sample.Tags;
import java.util.Objects;

/**
 * A tag to read from a device.
 *
 * @param id the tag id, unique within the asset (also the Sparkplug metric name)
 * @param address the protocol-specific address: {@code hr:100} / {@code ir:0} for Modbus holding/input registers,
 *     a NodeId such as {@code ns=2;s=pump1.flow} for OPC UA
 * @param type the data type on the device
 * @param scale multiplied with the raw value (must be 1 for text)
 * @param offset added after scaling: {@code value = raw * scale + offset} (must be 0 for text)
 * @param unit the engineering unit, free text ({@code bar}, {@code l/min}); empty when unknown
 * @param length for {@link DataType#STRING}: the size on the device in 16-bit registers (two characters each),
 *     1..{@link #MAX_STRING_REGISTERS}; 0 for every other type
 */
public record TagSpec(String id, String address, DataType type, double scale, double offset, String unit, int length) {
    /** Most registers of one string tag: what one Modbus request may read (a string is never split). */
    public static final int MAX_STRING_REGISTERS = 125;

    public TagSpec {
        Tags.requireValidId("tag id", id);
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("tag " + id + ": address is empty");
        }
        Objects.requireNonNull(type, "type");
        if (!Double.isFinite(scale) || scale == 0.0) {
            throw new IllegalArgumentException("tag " + id + ": scale " + scale + " must be finite and non-zero");
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("tag " + id + ": offset " + offset + " must be finite");
        }
        unit = unit == null ? "" : unit;
        checkLength(id, type, length, scale, offset);
    }

    private static void checkLength(String id, DataType type, int length, double scale, double offset) {
        if (!type.isText()) {
            if (length != 0) {
                throw new IllegalArgumentException(
                        "tag " + id + ": length " + length + " applies to string tags only, not " + type);
            }
            return;
        }
        if (length < 1 || length > MAX_STRING_REGISTERS) {
            throw new IllegalArgumentException("tag " + id + ": length " + length + " must be 1.."
                    + MAX_STRING_REGISTERS + " registers for a string tag");
        }
        if (scale != 1.0 || offset != 0.0) {
            throw new IllegalArgumentException("tag " + id + ": scale " + scale + " and offset " + offset
                    + " do not apply to a string tag (leave them out)");
        }
    }

    /** A numeric tag. */
    public TagSpec(String id, String address, DataType type, double scale, double offset, String unit) {
        this(id, address, type, scale, offset, unit, 0);
    }

    public TagSpec(String id, String address, DataType type) {
        this(id, address, type, 1.0, 0.0, "");
    }

    /** A string tag of {@code length} registers. */
    public static TagSpec text(String id, String address, int length) {
        return new TagSpec(id, address, DataType.STRING, 1.0, 0.0, "", length);
    }

    /** How many 16-bit registers a value occupies: the length for text, the type's size otherwise. */
    public int registers() {
        return type.isText() ? length : type.registers();
    }

    /** Converts a raw device value to the engineering value. */
    public double toEngineering(double raw) {
        return raw * scale + offset;
    }

    /** Converts an engineering value back to the raw device value (used by simulators and writers). */
    public double toRaw(double engineering) {
        return (engineering - offset) / scale;
    }
}
