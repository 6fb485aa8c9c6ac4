package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PumpModelTest {
    private static final Duration STEP = Duration.ofMillis(500);
    private static final int SIGNALS = PumpTags.ids().size();

    /** Mean and standard deviation per signal of a long fault-free run: what "normal" means. */
    private static double[][] normalStats() {
        double[][] rows = PumpModel.normalRows(11, 4000, STEP);
        double[] mean = new double[SIGNALS];
        double[] sd = new double[SIGNALS];
        for (double[] row : rows) {
            for (int i = 0; i < SIGNALS; i++) {
                mean[i] += row[i] / rows.length;
            }
        }
        for (double[] row : rows) {
            for (int i = 0; i < SIGNALS; i++) {
                sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / rows.length;
            }
        }
        for (int i = 0; i < SIGNALS; i++) {
            sd[i] = Math.sqrt(sd[i]);
        }
        return new double[][] {mean, sd};
    }

    @Test
    void replaysExactlyWithTheSameSeed() {
        var a = new PumpModel(7, FaultSchedule.DEFAULT);
        var b = new PumpModel(7, FaultSchedule.DEFAULT);
        var other = new PumpModel(8, FaultSchedule.DEFAULT);
        for (int i = 0; i < 200; i++) {
            Duration t = STEP.multipliedBy(i);
            PumpReading ra = a.sample(t);
            assertThat(ra).isEqualTo(b.sample(t));
            assertThat(ra).isNotEqualTo(other.sample(t));
        }
        assertThat(PumpModel.normalRows(3, 50, STEP)).isDeepEqualTo(PumpModel.normalRows(3, 50, STEP));
    }

    @Test
    void healthyPumpHasSkabMagnitudes() {
        double[] mean = normalStats()[0];
        assertThat(mean[0]).as("vibration1 g").isBetween(0.024, 0.029);
        assertThat(mean[1]).as("vibration2 g").isBetween(0.037, 0.043);
        assertThat(mean[2]).as("current A").isBetween(1.1, 1.5);
        assertThat(mean[3]).as("pressure bar").isBetween(0.05, 0.4);
        assertThat(mean[4]).as("motor_temp degC").isBetween(77.0, 81.0);
        assertThat(mean[5]).as("fluid_temp degC").isBetween(25.0, 27.0);
        assertThat(mean[6]).as("voltage V").isBetween(228.0, 238.0);
        assertThat(mean[7]).as("flow l/min").isBetween(31.0, 33.0);
    }

    @Test
    void signalsShareTheLoadSoCurrentAndFlowAreCorrelated() {
        double[][] rows = PumpModel.normalRows(5, 4000, STEP);
        assertThat(correlation(rows, 2, 7)).isGreaterThan(0.2);
    }

    @Test
    void normalRowsHaveNoFaultsAndMatchTheScheduledPumpOutsideItsFaults() {
        double[][] normal = PumpModel.normalRows(9, 480, STEP);
        var scheduled = new PumpModel(9, FaultSchedule.DEFAULT);
        int same = 0;
        int different = 0;
        for (int i = 0; i < normal.length; i++) {
            Duration t = STEP.multipliedBy(i);
            double[] faulty = scheduled.sample(t).toArray();
            if (FaultSchedule.DEFAULT.at(t).isPresent()) {
                different += Arrays.equals(faulty, normal[i]) ? 0 : 1;
            } else {
                assertThat(faulty).as("plant time %s", t).containsExactly(normal[i]);
                same++;
            }
        }
        assertThat(same).isEqualTo(480 - 4 * 40);
        assertThat(different)
                .as("all but the first sample of each fault, whose ramp is still at 0")
                .isEqualTo(4 * 39);
    }

    @Test
    void everyFaultKindMovesAtLeastTwoSignalsByMoreThanFourSigma() {
        double[][] stats = normalStats();
        var pump = new PumpModel(11, FaultSchedule.DEFAULT);
        List<PlantInterval> faults = FaultSchedule.DEFAULT.until(Duration.ofSeconds(180));
        assertThat(faults)
                .extracting(PlantInterval::kind)
                .containsExactly(FaultKind.VALVE_CLOSURE, FaultKind.CAVITATION, FaultKind.ROTOR_IMBALANCE);
        var during = new ArrayList<List<double[]>>();
        faults.forEach(f -> during.add(new ArrayList<>()));
        for (int i = 0; i < 360; i++) {
            Duration t = STEP.multipliedBy(i);
            double[] row = pump.sample(t).toArray();
            assertPlausible(row);
            for (int f = 0; f < faults.size(); f++) {
                if (faults.get(f).contains(t.minusSeconds((long) PumpModel.RAMP_S))
                        && faults.get(f).contains(t)) {
                    during.get(f).add(row);
                }
            }
        }
        for (int f = 0; f < faults.size(); f++) {
            List<String> moved = new ArrayList<>();
            for (int s = 0; s < SIGNALS; s++) {
                double mean = mean(during.get(f), s);
                if (Math.abs(mean - stats[0][s]) > 4 * stats[1][s]) {
                    moved.add(PumpTags.ids().get(s));
                }
            }
            assertThat(moved)
                    .as("signals beyond 4 sigma during %s", faults.get(f).kind())
                    .hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void defaultScheduleStartsInTheFirstMinuteAndCyclesTheThreeKinds() {
        assertThat(FaultSchedule.DEFAULT.until(Duration.ofSeconds(240)))
                .containsExactly(
                        interval(FaultKind.VALVE_CLOSURE, 30, 50),
                        interval(FaultKind.CAVITATION, 90, 110),
                        interval(FaultKind.ROTOR_IMBALANCE, 150, 170),
                        interval(FaultKind.VALVE_CLOSURE, 210, 230));
        assertThat(FaultSchedule.DEFAULT.at(Duration.ofMillis(29_999))).isEmpty();
        assertThat(FaultSchedule.DEFAULT.at(Duration.ofSeconds(30)))
                .contains(interval(FaultKind.VALVE_CLOSURE, 30, 50));
        assertThat(FaultSchedule.DEFAULT.at(Duration.ofSeconds(50))).isEmpty();
        assertThat(FaultSchedule.NONE.until(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void speedTenMapsTheFirstFaultToThreeSecondsOfWallTime() {
        Instant t0 = Instant.parse("2026-03-01T08:00:00Z");
        var clock = new PlantClock(t0, 10);
        FaultInterval first =
                clock.toWall(FaultSchedule.DEFAULT.until(Duration.ofMinutes(1)).get(0));
        assertThat(first).isEqualTo(new FaultInterval(FaultKind.VALVE_CLOSURE, t0.plusSeconds(3), t0.plusSeconds(5)));
        assertThat(clock.plantTime(t0.plusMillis(3500))).isEqualTo(Duration.ofSeconds(35));
    }

    @Test
    void anInjectedFaultShowsOnTopOfTheSchedule() {
        var pump = new PumpModel(4, FaultSchedule.NONE);
        pump.inject(FaultKind.ROTOR_IMBALANCE, Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(pump.faultAt(Duration.ofSeconds(9))).isEmpty();
        assertThat(pump.faultAt(Duration.ofSeconds(12))).contains(FaultKind.ROTOR_IMBALANCE);
        assertThat(pump.faults(Duration.ofMinutes(1))).containsExactly(interval(FaultKind.ROTOR_IMBALANCE, 10, 15));
        for (int i = 0; i <= 24; i++) {
            pump.sample(STEP.multipliedBy(i));
        }
        assertThat(pump.sample(Duration.ofMillis(12_500)).vibration1()).isGreaterThan(0.033);
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> PumpModel.normalRows(1, 10, Duration.ZERO)).hasMessageContaining("step PT0S");
        assertThatThrownBy(() -> new PlantClock(Instant.EPOCH, 0)).hasMessageContaining("speed 0.0");
        assertThatThrownBy(() -> new FaultSchedule(
                        Duration.ZERO, Duration.ofSeconds(70), Duration.ofSeconds(60), List.of(FaultKind.CAVITATION)))
                .hasMessageContaining("length PT1M10S");
    }

    private static PlantInterval interval(FaultKind kind, int from, int to) {
        return new PlantInterval(kind, Duration.ofSeconds(from), Duration.ofSeconds(to));
    }

    private static void assertPlausible(double[] row) {
        assertThat(row[0]).isBetween(0.0, 0.2);
        assertThat(row[1]).isBetween(0.0, 0.2);
        assertThat(row[2]).isBetween(0.3, 3.0);
        assertThat(row[3]).isBetween(-1.0, 2.0);
        assertThat(row[7]).isBetween(5.0, 40.0);
    }

    private static double mean(List<double[]> rows, int signal) {
        return rows.stream().mapToDouble(r -> r[signal]).average().orElseThrow();
    }

    private static double correlation(double[][] rows, int a, int b) {
        double ma = 0;
        double mb = 0;
        for (double[] r : rows) {
            ma += r[a] / rows.length;
            mb += r[b] / rows.length;
        }
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (double[] r : rows) {
            cov += (r[a] - ma) * (r[b] - mb);
            va += (r[a] - ma) * (r[a] - ma);
            vb += (r[b] - mb) * (r[b] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }
}
