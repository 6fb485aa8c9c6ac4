package io.vigil.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesTest {
    @TempDir
    Path dir;

    @Test
    void readsSkabStyleSemicolonsWithLocalTimesAsUtcAndEmptyCellsAsMissing() throws IOException {
        Path csv = Files.writeString(
                dir.resolve("a.csv"), "datetime;flow;pressure\n2020-03-09 10:14:33;1.5;\n2020-03-09 10:14:34;2;3\n");

        CsvSeries s = CsvSeries.read(csv, "datetime", List.of("pressure", "flow"));

        assertThat(s.columns()).containsExactly("pressure", "flow");
        assertThat(s.times())
                .containsExactly(Instant.parse("2020-03-09T10:14:33Z"), Instant.parse("2020-03-09T10:14:34Z"));
        assertThat(s.rows()[0][0]).isNaN();
        assertThat(s.rows()[1]).containsExactly(3, 2);
        assertThatThrownBy(() -> s.requireComplete("no gaps"))
                .hasMessageContaining("column 'pressure' has no value at 2020-03-09T10:14:33Z; no gaps");
    }

    @Test
    void readsEpochSecondsAndKeepsAPeriod() throws IOException {
        Path csv = Files.writeString(dir.resolve("b.csv"), "time,x\n0,1\n1.5,2\n3,3\n");

        CsvSeries s =
                CsvSeries.read(csv, "time", List.of()).between(Instant.ofEpochSecond(1), Instant.ofEpochSecond(3));

        assertThat(s.times()).containsExactly(Instant.ofEpochSecond(1, 500_000_000));
        assertThat(s.select(List.of("x"))[0]).containsExactly(2);
    }

    @Test
    void refusesABadCellNamingLineColumnAndValue() throws IOException {
        Path csv =
                Files.writeString(dir.resolve("c.csv"), "time,x\n2026-01-01T00:00:00Z,1\n2026-01-01T00:00:01Z,abc\n");

        assertThatThrownBy(() -> CsvSeries.read(csv, "time", List.of()))
                .hasMessageContaining("line 3: x 'abc' is not a finite number");
    }

    @Test
    void refusesRowsOutOfTimeOrder() throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), "time,x\n2026-01-01T00:00:01Z,1\n2026-01-01T00:00:00Z,2\n");

        assertThatThrownBy(() -> CsvSeries.read(csv, "time", List.of()))
                .hasMessageContaining("line 3: time 2026-01-01T00:00:00Z is before the row above");
    }
}
