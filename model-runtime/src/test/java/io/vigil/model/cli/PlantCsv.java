package io.vigil.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A pump's history as a CSV a plant would export: {@code time,flow,pressure,motor_temp}, one row a second. Pressure
 * follows flow; between {@link #FAULT_FROM} and {@link #FAULT_TO} it does not (a blocked outlet), which breaks the
 * correlation the autoencoder learns; {@code rul} counts down to the end of the file.
 */
final class PlantCsv {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final int ROWS = 900;
    static final int NORMAL_ROWS = 600;
    static final int FAULT_FROM = 700;
    static final int FAULT_TO = 760;

    private PlantCsv() {}

    static Path write(Path file, boolean flat) throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("time,flow,pressure,motor_temp,rul\n");
        for (int r = 0; r < ROWS; r++) {
            double flow = flat ? 10 : 10 + Math.sin(2 * Math.PI * r / 20) + 0.05 * random.nextGaussian();
            double pressure = flat ? 20 : 2 * flow + 0.05 * random.nextGaussian();
            if (r >= FAULT_FROM && r < FAULT_TO) {
                pressure += 4;
            }
            double temp = flat ? 60 : 60 + r * 0.002 + 0.05 * random.nextGaussian();
            csv.append(String.format(
                    Locale.ROOT, "%s,%.5f,%.5f,%.5f,%d%n", T0.plusSeconds(r), flow, pressure, temp, ROWS - 1 - r));
        }
        return Files.writeString(file, csv);
    }

    static Instant time(int row) {
        return T0.plusSeconds(row);
    }
}
