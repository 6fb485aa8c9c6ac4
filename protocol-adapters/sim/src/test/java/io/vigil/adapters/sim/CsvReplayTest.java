package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class CsvReplayTest {

    static final String HEADER = "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;"
            + "Thermocouple;Voltage;Volume Flow RateRMS;anomaly;changepoint";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        return Files.write(dir.resolve("run.csv"), List.of(lines));
    }

    private static String row(int second, double flow, int anomaly) {
        return "2020-03-09 10:14:" + (10 + second) + ";0.0265;0.0401;1.33;0.05;79.3;26.0;233.0;" + flow + ";" + anomaly
                + ".0;0.0";
    }

    @Test
    void readsSkabsValveFileWithItsAnomaly() {
        Path file = SharedData.skab().resolve("valve1/0.csv");

        CsvReplay replay = CsvReplay.read(file);

        assertThat(replay.rows()).isEqualTo(1147);
        assertThat(replay.row(0))
                .isEqualTo(new PumpReading(0.0265878, 0.0401113, 1.3302, 0.054711, 79.3366, 26.0199, 233.062, 32.0));
        assertThat(replay.anomalyRows()).isNotEmpty();
        assertThat(replay.anomalyRows().get(0)[0]).isEqualTo(573);
    }

    @Test
    void readsSkabsAnomalyFreeFileThatHasNoLabels() {
        Path file = SharedData.skab().resolve("anomaly-free/anomaly-free.csv");

        CsvReplay replay = CsvReplay.read(file);

        assertThat(replay.rows()).isEqualTo(9405);
        assertThat(replay.anomalyRows()).isEmpty();
    }

    @Test
    void showsOneRowPerPlantSecondAndLoopsAtTheEnd() throws IOException {
        var replay = CsvReplay.read(write(HEADER, row(0, 30, 0), row(1, 31, 0), row(2, 32, 0)));
        SignalSource pump1 = replay.source(0);
        SignalSource pump2 = replay.source(1);

        assertThat(pump1.sample(Duration.ofMillis(1999)).flow()).isEqualTo(31.0);
        assertThat(pump1.sample(Duration.ofSeconds(3)).flow()).as("looped").isEqualTo(30.0);
        assertThat(pump2.sample(Duration.ZERO).flow()).as("offset one row").isEqualTo(31.0);
    }

    @Test
    void turnsAnomalyRunsIntoReplayedIntervalsOnEveryLoop() throws IOException {
        var replay = CsvReplay.read(
                write(HEADER, row(0, 30, 0), row(1, 20, 1), row(2, 20, 1), row(3, 30, 0), row(4, 30, 0)));

        assertThat(replay.source(0).faults(Duration.ofSeconds(10)))
                .containsExactly(
                        new PlantInterval(FaultKind.REPLAYED, Duration.ofSeconds(1), Duration.ofSeconds(3)),
                        new PlantInterval(FaultKind.REPLAYED, Duration.ofSeconds(6), Duration.ofSeconds(8)));
        assertThat(replay.source(2).faults(Duration.ofSeconds(5)))
                .as("a pump starting mid-anomaly sees its tail first")
                .containsExactly(
                        new PlantInterval(FaultKind.REPLAYED, Duration.ZERO, Duration.ofSeconds(1)),
                        new PlantInterval(FaultKind.REPLAYED, Duration.ofSeconds(4), Duration.ofSeconds(6)));
    }

    @Test
    void rejectsAMalformedRowNamingTheFileAndLine() throws IOException {
        Path file = write(HEADER, row(0, 30, 0), "2020-03-09 10:14:11;0.0265;oops;1.33;0.05;79.3;26.0;233.0;30;0;0");

        assertThatThrownBy(() -> CsvReplay.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replay file " + file + " line 3")
                .hasMessageContaining("column 'Accelerometer2RMS' holds 'oops'");
    }

    @Test
    void rejectsARowWithMissingFieldsNamingTheLine() throws IOException {
        Path file = write(HEADER, row(0, 30, 0), row(1, 30, 0), "2020-03-09 10:14:12;0.0265");

        assertThatThrownBy(() -> CsvReplay.read(file))
                .hasMessageContaining("line 4: expected 11 fields separated by ';', found 2");
    }

    @Test
    void rejectsAHeaderWithoutSkabsColumns() throws IOException {
        Path file = write("time,flow", "1,2");

        assertThatThrownBy(() -> CsvReplay.read(file))
                .hasMessageContaining("line 1: no column 'Accelerometer1RMS' in the header");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.csv");
        assertThatThrownBy(() -> CsvReplay.read(file)).hasMessageContaining("cannot read replay file " + file);
    }
}
