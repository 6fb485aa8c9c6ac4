package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PumpModelTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private static double mean(PumpModel pump, Instant from, ToDoubleFunction<PumpReading> signal) {
        double sum = 0;
        for (int i = 0; i < 200; i++) {
            sum += signal.applyAsDouble(pump.sample(from.plusMillis(100L * i)));
        }
        return sum / 200;
    }

    @Test
    void replaysExactlyWithTheSameSeed() {
        var a = new PumpModel(7, T0);
        var b = new PumpModel(7, T0);
        for (int i = 0; i < 10; i++) {
            assertThat(a.sample(T0.plusSeconds(i))).isEqualTo(b.sample(T0.plusSeconds(i)));
        }
    }

    @Test
    void healthyPumpStaysInItsNormalBand() {
        var pump = new PumpModel(1, T0);
        assertThat(mean(pump, T0, PumpReading::flow)).isBetween(110.0, 130.0);
        assertThat(mean(pump, T0, PumpReading::vibration)).isBetween(1.8, 2.6);
        assertThat(mean(pump, T0, PumpReading::bearingTemp)).isBetween(53.0, 57.0);
    }

    @Test
    void bearingWearRaisesVibrationAndTemperature() {
        var pump = new PumpModel(1, T0);
        pump.inject(Fault.BEARING_WEAR, T0, Duration.ZERO);
        assertThat(mean(pump, T0, PumpReading::vibration)).isGreaterThan(7.0);
        assertThat(mean(pump, T0, PumpReading::bearingTemp)).isGreaterThan(75.0);
    }

    @Test
    void faultSeverityRampsLinearly() {
        var pump = new PumpModel(1, T0);
        pump.inject(Fault.CAVITATION, T0, Duration.ofMinutes(2));
        assertThat(pump.severity(T0)).isZero();
        assertThat(pump.severity(T0.plusSeconds(60))).isEqualTo(0.5);
        assertThat(pump.severity(T0.plusSeconds(600))).isEqualTo(1.0);
    }

    @Test
    void blockageCutsFlowAndRaisesPressure() {
        var healthy = new PumpModel(3, T0);
        var blocked = new PumpModel(3, T0);
        blocked.inject(Fault.BLOCKAGE, T0, Duration.ZERO);
        assertThat(mean(blocked, T0, PumpReading::flow)).isLessThan(mean(healthy, T0, PumpReading::flow) - 50);
        assertThat(mean(blocked, T0, PumpReading::pressure)).isGreaterThan(mean(healthy, T0, PumpReading::pressure));
    }

    @Test
    void parsesFaultNamesFromTheCommandLine() {
        assertThat(Fault.parse("bearing-wear")).isEqualTo(Fault.BEARING_WEAR);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("fire"))
                .hasMessageContaining("expected one of none, bearing-wear, cavitation, blockage");
    }
}
