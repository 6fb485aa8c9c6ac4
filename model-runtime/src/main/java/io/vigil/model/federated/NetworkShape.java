package io.vigil.model.federated;

import io.vigil.model.onnx.Activation;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture every participant of a model trains: layer widths and activations. The flat weight vector that
 * rounds exchange is laid out by it ({@link io.vigil.model.train.LocalNetwork}).
 *
 * @param sizes layer widths, input first
 * @param activations one per layer
 */
public record NetworkShape(int[] sizes, List<Activation> activations) {
    public NetworkShape {
        sizes = sizes.clone();
        activations = List.copyOf(activations);
        if (sizes.length < 2
                || activations.size() != sizes.length - 1
                || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("network sizes " + Arrays.toString(sizes) + " need positive widths and "
                    + (sizes.length - 1) + " activations, got " + activations.size());
        }
    }

    /** An autoencoder {@code features -> hidden... -> features}: tanh hidden layers, linear output. */
    public static NetworkShape autoencoder(int features, List<Integer> hidden) {
        return dense(features, hidden, features, Activation.TANH);
    }

    /** A regressor {@code features -> hidden... -> 1}: ReLU hidden layers, linear output. */
    public static NetworkShape regressor(int features, List<Integer> hidden) {
        return dense(features, hidden, 1, Activation.RELU);
    }

    private static NetworkShape dense(int in, List<Integer> hidden, int out, Activation f) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = in;
        for (int h = 0; h < hidden.size(); h++) {
            sizes[h + 1] = hidden.get(h);
        }
        sizes[sizes.length - 1] = out;
        Activation[] a = new Activation[sizes.length - 1];
        Arrays.fill(a, f);
        a[a.length - 1] = Activation.IDENTITY;
        return new NetworkShape(sizes, List.of(a));
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    public int parameterCount() {
        int n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape s && Arrays.equals(sizes, s.sizes) && activations.equals(s.activations);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sizes) + activations.hashCode();
    }

    @Override
    public String toString() {
        return "NetworkShape" + Arrays.toString(sizes) + activations;
    }
}
