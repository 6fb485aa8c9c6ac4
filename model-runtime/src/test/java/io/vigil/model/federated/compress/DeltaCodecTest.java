package io.vigil.model.federated.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeltaCodecTest {
    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void denseFloat32RoundTripsExactly() {
        float[] x = gaussian(1000, 1);

        assertThat(DeltaCodec.decode(DeltaCodec.encode(x, Compression.NONE))).containsExactly(x);
    }

    @Test
    void topKKeepsTheLargestMagnitudesAndZeroesTheRest() {
        float[] x = {0.1f, -5f, 0.2f, 3f, -0.05f, 0f, 4f, 0.3f, -0.2f, 0.01f};

        float[] y = DeltaCodec.decode(DeltaCodec.encode(x, new Compression(0.3, false)));

        assertThat(y).containsExactly(0f, -5f, 0f, 3f, 0f, 0f, 4f, 0f, 0f, 0f);
    }

    @Test
    void int8ErrorIsAtMostHalfAStepOfTheLargestValue() {
        float[] x = gaussian(5000, 2);
        float max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }

        float[] y = DeltaCodec.decode(DeltaCodec.encode(x, new Compression(1, true)));

        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(y[i] - x[i])).isLessThanOrEqualTo(max / 127 / 2 * 1.0001f);
        }
    }

    @Test
    void encodedSizeShrinksWithTopKAndInt8() {
        float[] x = gaussian(5784, 3);

        int dense = DeltaCodec.encode(x, Compression.NONE).length;
        int int8 = DeltaCodec.encode(x, new Compression(1, true)).length;
        int sparse = DeltaCodec.encode(x, new Compression(0.1, true)).length;

        assertThat(dense).isEqualTo(9 + 4 * x.length);
        assertThat(int8).isEqualTo(9 + 4 + x.length);
        assertThat(sparse).isLessThan(dense / 10);
    }

    @Test
    void errorFeedbackDeliversWhatCompressionHeldBack() {
        Compression c = new Compression(0.05, true);
        ErrorFeedback feedback = new ErrorFeedback(c);
        float[] delta = gaussian(400, 4);
        double[] sent = new double[delta.length];
        int rounds = 200;
        for (int r = 0; r < rounds; r++) {
            float[] y = DeltaCodec.decode(feedback.encode(delta));
            for (int i = 0; i < y.length; i++) {
                sent[i] += y[i];
            }
        }
        double maxError = 0;
        for (int i = 0; i < delta.length; i++) {
            maxError = Math.max(maxError, Math.abs(sent[i] / rounds - delta[i]));
        }
        float[] once = DeltaCodec.decode(DeltaCodec.encode(delta, c));
        double withoutFeedback = 0;
        for (int i = 0; i < delta.length; i++) {
            withoutFeedback = Math.max(withoutFeedback, Math.abs(once[i] - delta[i]));
        }

        assertThat(maxError).isLessThan(withoutFeedback / 10);
    }

    @Test
    void refusesAPayloadWithIndicesOutOfOrderOrTrailingBytes() {
        byte[] good = DeltaCodec.encode(gaussian(50, 5), new Compression(0.2, false));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] shortened = Arrays.copyOf(good, good.length - 3);

        assertThatThrownBy(() -> DeltaCodec.decode(trailing)).hasMessageContaining("after its values");
        assertThatThrownBy(() -> DeltaCodec.decode(shortened)).hasMessageContaining("ends early");
    }
}
