package io.vigil.model.federated.compress;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The wire form of a weight delta.
 *
 * <pre>
 * byte    flags: bit 0 sparse, bit 1 int8
 * int32   dimension (length of the dense delta)
 * int32   count of values that follow (= dimension when dense)
 * [sparse] count indices, as gaps from the previous index (first from -1), each an unsigned LEB128 varint
 * [int8]  float32 scale, then count signed bytes: value = byte * scale
 * [float] count float32 values
 * </pre>
 *
 * Little-endian. Indices as varint gaps cost one byte each when more than 1 in 128 coordinates are kept, so top-k at
 * 10 % with int8 values costs about 2 bytes per kept coordinate instead of 4 per coordinate dense.
 */
public final class DeltaCodec {
    private static final int SPARSE = 1;
    private static final int INT8 = 2;

    private DeltaCodec() {}

    public static byte[] encode(float[] delta, Compression c) {
        int[] kept = c.sparse() ? largest(delta, Math.max(1, (int) Math.round(c.topK() * delta.length))) : null;
        int count = kept == null ? delta.length : kept.length;
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = delta[kept == null ? k : kept[k]];
        }
        ByteBuffer out = ByteBuffer.allocate(9 + (kept == null ? 0 : 5 * count) + 4 + 4 * count)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) ((c.sparse() ? SPARSE : 0) | (c.int8() ? INT8 : 0)));
        out.putInt(delta.length).putInt(count);
        if (kept != null) {
            int previous = -1;
            for (int index : kept) {
                putVarint(out, index - previous);
                previous = index;
            }
        }
        if (c.int8()) {
            putInt8(out, values);
        } else {
            for (float v : values) {
                out.putFloat(v);
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /** The dense length the payload claims, read without decoding the rest. */
    public static int dimension(byte[] payload) {
        if (payload.length < 9) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is shorter than its header");
        }
        return ByteBuffer.wrap(payload, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** The dense delta; a malformed payload fails with what is wrong in it. */
    public static float[] decode(byte[] payload) {
        try {
            return read(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes ends early");
        }
    }

    private static float[] read(ByteBuffer in) {
        int flags = in.get();
        int dimension = in.getInt();
        int count = in.getInt();
        if (dimension < 0 || count < 0 || count > dimension || (flags & ~(SPARSE | INT8)) != 0) {
            throw new IllegalArgumentException(
                    "payload header: flags " + flags + ", dimension " + dimension + ", count " + count);
        }
        if ((flags & SPARSE) == 0 && count != dimension) {
            throw new IllegalArgumentException("dense payload carries " + count + " of " + dimension + " values");
        }
        int[] indices = (flags & SPARSE) != 0 ? indices(in, count, dimension) : null;
        float[] values = new float[count];
        if ((flags & INT8) != 0) {
            float scale = in.getFloat();
            for (int k = 0; k < count; k++) {
                values[k] = in.get() * scale;
            }
        } else {
            for (int k = 0; k < count; k++) {
                values[k] = in.getFloat();
            }
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("payload has " + in.remaining() + " bytes after its values");
        }
        if (indices == null) {
            return values;
        }
        float[] dense = new float[dimension];
        for (int k = 0; k < count; k++) {
            dense[indices[k]] = values[k];
        }
        return dense;
    }

    private static int[] indices(ByteBuffer in, int count, int dimension) {
        int[] indices = new int[count];
        long previous = -1;
        for (int k = 0; k < count; k++) {
            long index = previous + getVarint(in);
            if (index <= previous || index >= dimension) {
                throw new IllegalArgumentException("sparse index " + index + " out of order or beyond " + dimension);
            }
            indices[k] = (int) index;
            previous = index;
        }
        return indices;
    }

    /** Symmetric quantization to [-127, 127]; round to nearest (error feedback carries the remainder). */
    private static void putInt8(ByteBuffer out, float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max > 0 && Float.isFinite(max) ? max / 127f : (Float.isFinite(max) ? 1f : Float.NaN);
        out.putFloat(scale);
        for (float v : values) {
            out.put((byte) Math.max(-127, Math.min(127, Math.round(v / scale))));
        }
    }

    /** Indices of the {@code k} largest magnitudes, ascending. */
    private static int[] largest(float[] delta, int k) {
        if (k >= delta.length) {
            int[] all = new int[delta.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        float[] magnitudes = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            magnitudes[i] = Float.isNaN(delta[i]) ? Float.POSITIVE_INFINITY : Math.abs(delta[i]);
        }
        float[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        float cut = sorted[delta.length - k];
        int[] kept = new int[k];
        int n = 0;
        for (int i = 0; i < delta.length && n < k; i++) {
            if (magnitudes[i] > cut) {
                kept[n++] = i;
            }
        }
        for (int i = 0; i < delta.length && n < k; i++) {
            if (magnitudes[i] == cut) {
                kept[n++] = i;
            }
        }
        Arrays.sort(kept);
        return kept;
    }

    private static void putVarint(ByteBuffer out, long value) {
        while (value >= 0x80) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static long getVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }
}
