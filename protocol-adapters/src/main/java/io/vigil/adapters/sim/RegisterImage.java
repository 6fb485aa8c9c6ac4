package io.vigil.adapters.sim;

import java.util.Arrays;

/**
 * The simulator's Modbus process image. The tick thread replaces the whole image at once and request threads read
 * from one snapshot, so a 32-bit value can never be torn between two ticks (the classic bug of images updated register
 * by register).
 */
final class RegisterImage {
    private record Snapshot(int[] registers, boolean[] bits) {}

    private volatile Snapshot snapshot;

    RegisterImage(int registers, int bits) {
        snapshot = new Snapshot(new int[registers], new boolean[bits]);
    }

    int registerCount() {
        return snapshot.registers().length;
    }

    int bitCount() {
        return snapshot.bits().length;
    }

    /** Publishes a new image; the arrays must keep the sizes given at construction and are not copied. */
    void publish(int[] registers, boolean[] bits) {
        if (registers.length != registerCount() || bits.length != bitCount()) {
            throw new IllegalArgumentException("image size changed");
        }
        snapshot = new Snapshot(registers, bits);
    }

    /** Unsigned words {@code [start, start + count)}, or null when the range leaves the image. */
    int[] registers(int start, int count) {
        int[] all = snapshot.registers();
        return start + count <= all.length ? Arrays.copyOfRange(all, start, start + count) : null;
    }

    boolean[] bits(int start, int count) {
        boolean[] all = snapshot.bits();
        return start + count <= all.length ? Arrays.copyOfRange(all, start, start + count) : null;
    }
}
