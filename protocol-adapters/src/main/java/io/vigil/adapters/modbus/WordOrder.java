package io.vigil.adapters.modbus;

import java.util.Locale;

/**
 * How a PLC lays out a 32- or 64-bit value across 16-bit registers. Letters name the bytes of the big-endian value:
 * {@code ABCD} is the Modbus standard (high word first), {@code CDAB} swaps the words (common on Schneider and many
 * meters), {@code BADC} swaps the bytes in each word, {@code DCBA} is fully little-endian.
 */
public enum WordOrder {
    ABCD(false, false),
    CDAB(true, false),
    BADC(false, true),
    DCBA(true, true);

    private final boolean swapWords;
    private final boolean swapBytes;

    WordOrder(boolean swapWords, boolean swapBytes) {
        this.swapWords = swapWords;
        this.swapBytes = swapBytes;
    }

    boolean swapsWords() {
        return swapWords;
    }

    boolean swapsBytes() {
        return swapBytes;
    }

    public static WordOrder parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown word order '" + text + "'; expected abcd, cdab, badc or dcba");
        }
    }
}
