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
 * @param scale multiplied with the raw value
 * @param offset added after scaling: {@code value = raw * scale + offset}
 * @param unit the engineering unit, free text ({@code bar}, {@code l/min}); empty when unknown
 */
public record TagSpec(String id, String address, DataType type, double scale, double offset, String unit) {
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
    }

    public TagSpec(String id, String address, DataType type) {
        this(id, address, type, 1.0, 0.0, "");
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
