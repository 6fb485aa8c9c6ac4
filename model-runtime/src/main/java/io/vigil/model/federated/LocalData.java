package io.vigil.model.federated;

/** What a participant trains on; it never leaves the agent. */
public sealed interface LocalData {
    /** Training examples. */
    int count();

    /** Floats per input. */
    int width();

    /**
     * Windows for an autoencoder, standardized, back to back.
     *
     * @param windows {@code count * width} floats
     */
    record Windows(float[] windows, int count, int width) implements LocalData {
        public Windows {
            if (count < 1 || width < 1 || windows.length != count * width) {
                throw new IllegalArgumentException(
                        windows.length + " floats are not " + count + " windows of " + width + " (count >= 1)");
            }
        }
    }

    /**
     * Rows and one target each, for a regressor.
     *
     * @param inputs {@code count * width} floats
     * @param targets {@code count} floats
     */
    record Rows(float[] inputs, float[] targets, int width) implements LocalData {
        public Rows {
            if (targets.length < 1 || width < 1 || inputs.length != targets.length * width) {
                throw new IllegalArgumentException(inputs.length + " input floats are not " + targets.length
                        + " rows of " + width + " (at least one row)");
            }
        }

        @Override
        public int count() {
            return targets.length;
        }
    }
}
