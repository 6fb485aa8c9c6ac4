package io.vigil.model.federated.compress;

/**
 * Error feedback (Seide et al. 2014; Karimireddy et al. 2019): what compression dropped from one update is added to
 * the next one of the same agent, so nothing is lost, only delayed. Without it top-k at a few percent stalls training:
 * small coordinates would never be sent. One instance per agent and model; not thread-safe.
 */
public final class ErrorFeedback {
    private final Compression compression;
    private float[] residual;

    public ErrorFeedback(Compression compression) {
        this.compression = compression;
    }

    /** Encodes {@code delta} plus the carried residual and keeps what this encoding lost. */
    public byte[] encode(float[] delta) {
        if (compression.lossless()) {
            return DeltaCodec.encode(delta, compression);
        }
        if (residual == null || residual.length != delta.length) {
            residual = new float[delta.length];
        }
        float[] compensated = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            compensated[i] = delta[i] + residual[i];
        }
        byte[] encoded = DeltaCodec.encode(compensated, compression);
        float[] sent = DeltaCodec.decode(encoded);
        for (int i = 0; i < delta.length; i++) {
            residual[i] = compensated[i] - sent[i];
        }
        return encoded;
    }
}
