package io.vigil.model.federated.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RdpAccountantTest {
    @Test
    void epsilonGrowsWithRoundsAndShrinksWithNoise() {
        double oneRound = RdpAccountant.epsilon(1, 1.0, 1e-5);
        double hundred = RdpAccountant.epsilon(100, 1.0, 1e-5);
        double noisier = RdpAccountant.epsilon(100, 4.0, 1e-5);

        assertThat(hundred).isGreaterThan(oneRound);
        assertThat(noisier).isLessThan(hundred);
        assertThat(RdpAccountant.epsilon(0, 1.0, 1e-5)).isZero();
        assertThat(RdpAccountant.epsilon(10, 0, 1e-5)).isInfinite();
    }

    @Test
    void composesSublinearlyOverRounds() {
        // RDP's point: T rounds cost about sqrt(T) times one round at a fixed delta, not T times
        double one = RdpAccountant.epsilon(1, 2.0, 1e-5);
        double hundred = RdpAccountant.epsilon(100, 2.0, 1e-5);

        assertThat(hundred).isLessThan(100 * one / 5);
    }

    @Test
    void neverBeatsTheBoundOfItsBestOrderSearchedMoreFinely() {
        // the reported figure is a valid bound: never below the exact minimum over orders
        double z = 1.5;
        int t = 20;
        double delta = 1e-5;
        double finest = Double.POSITIVE_INFINITY;
        for (double a = 1.001; a < 2000; a *= 1.001) {
            finest = Math.min(finest, t * a / (2 * z * z) + Math.log(1 / delta) / (a - 1));
        }

        assertThat(RdpAccountant.epsilon(t, z, delta)).isBetween(finest, finest * 1.01);
    }
}
