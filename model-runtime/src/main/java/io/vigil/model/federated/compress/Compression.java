package io.vigil.model.federated.compress;

/**
 * How a delta travels.
 *
 * @param topK share of coordinates sent, largest magnitudes first, in (0, 1]; 1 sends all (dense)
 * @param int8 values as 8-bit integers with one float scale per update instead of float32
 */
public record Compression(double topK, boolean int8) {
    public static final Compression NONE = new Compression(1, false);

    public Compression {
        if (!(topK > 0 && topK <= 1)) {
            throw new IllegalArgumentException("compression topK " + topK + " not in (0, 1]");
        }
    }

    public boolean sparse() {
        return topK < 1;
    }

    public boolean lossless() {
        return !sparse() && !int8;
    }
}
