package io.vigil.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.VigilCli;
import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelPackage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrainAndScoreCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run vigil(String... args) {
        CommandLine cli = VigilCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void trainsOnTheNormalPeriodAndTheBacktestRaisesTheFaultAsOneEvent() throws IOException {
        Path csv = PlantCsv.write(dir.resolve("pump.csv"), false);
        Path pkg = dir.resolve("pkg");

        Run train = vigil(
                "model",
                "train",
                "--csv",
                csv.toString(),
                "--id",
                "pump-ae",
                "--columns",
                "flow,pressure,motor_temp",
                "--window",
                "5",
                "--epochs",
                "15",
                "--centered",
                "motor_temp",
                "--normal-to",
                PlantCsv.time(PlantCsv.NORMAL_ROWS).toString(),
                "--out",
                pkg.toString());

        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.err()).contains("epoch 1/15", "epoch 15/15");
        assertThat(train.out())
                .contains("loss ", "threshold ", "p99.5 of the 596 training windows", "windows 596 of 5 rows")
                .contains("the package takes 5 rows")
                .contains("time ", "package pump-ae@1.0.0 written to " + pkg);
        ModelManifest m = ModelPackage.read(pkg).manifest();
        assertThat(m.inputTags()).containsExactly("flow", "pressure", "motor_temp");
        assertThat(m.calibration().rule()).isEqualTo(Calibration.QUANTILE);
        assertThat(m.threshold()).isEqualTo(m.calibration().threshold());

        Path rows = dir.resolve("scores.csv");
        Run score = vigil("model", "score", pkg.toString(), "--csv", csv.toString(), "--out", rows.toString());

        assertThat(score.exit()).as(score.err()).isZero();
        assertThat(score.err()).contains("900 rows (interval PT1S), 896 windows scored, 0 rows skipped");
        List<String> lines = Files.readAllLines(rows);
        assertThat(lines.get(0)).isEqualTo("time,state,score,p_normal,anomaly,event");
        assertThat(lines).hasSize(PlantCsv.ROWS + 1);
        assertThat(lines.get(1)).startsWith(PlantCsv.time(0) + ",filling,,,0,0");
        List<Instant> events = lines.stream()
                .skip(1)
                .map(l -> l.split(",", -1))
                .filter(c -> c[5].equals("1"))
                .map(c -> Instant.parse(c[0]))
                .toList();
        assertThat(events).as("the blocked outlet is raised").isNotEmpty();
        assertThat(events.get(0)).isBetween(PlantCsv.time(PlantCsv.FAULT_FROM), PlantCsv.time(PlantCsv.FAULT_FROM + 5));
        long falseOnNormal = lines.stream()
                .skip(1 + 5)
                .limit(PlantCsv.NORMAL_ROWS - 5)
                .filter(l -> l.endsWith(",1,0") || l.endsWith(",1,1"))
                .count();
        assertThat(falseOnNormal).as("anomalous windows in the training period").isLessThanOrEqualTo(6);
        String[] inFault = lines.get(1 + PlantCsv.FAULT_FROM + 10).split(",", -1);
        assertThat(Double.parseDouble(inFault[3]))
                .as("a faulty window is rarer than any normal one")
                .isLessThan(0.01);
    }

    @Test
    void smoothingInsideTheGraphSetsTheThresholdOnTheServedScores() throws IOException {
        Path csv = PlantCsv.write(dir.resolve("pump.csv"), false);
        Path pkg = dir.resolve("smoothed");

        Run train = vigil(
                "model",
                "train",
                "--csv",
                csv.toString(),
                "--id",
                "pump-ae",
                "--columns",
                "flow,pressure",
                "--window",
                "5",
                "--smoothing",
                "4",
                "--epochs",
                "5",
                "--normal-to",
                PlantCsv.time(PlantCsv.NORMAL_ROWS).toString(),
                "--out",
                pkg.toString());

        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.out()).contains("(each the mean of 4 windows, as served)", "the package takes 8 rows");
        ModelManifest m = ModelPackage.read(pkg).manifest();
        assertThat(m.windowLength()).isEqualTo(8);
        assertThat(m.calibration().smoothing()).isEqualTo(4);
        assertThat(m.calibration().windows()).isEqualTo(PlantCsv.NORMAL_ROWS - 8 + 1);
        assertThat(m.threshold()).isEqualTo(m.calibration().threshold());
    }

    @Test
    void flatTrainingDataGetsAThresholdAboveZero() throws IOException {
        Path csv = PlantCsv.write(dir.resolve("flat.csv"), true);
        Path pkg = dir.resolve("flat");

        Run train = vigil(
                "model",
                "train",
                "--csv",
                csv.toString(),
                "--id",
                "flat-ae",
                "--columns",
                "flow,pressure",
                "--window",
                "3",
                "--epochs",
                "2",
                "--normal-to",
                PlantCsv.time(PlantCsv.NORMAL_ROWS).toString(),
                "--out",
                pkg.toString());

        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(ModelPackage.read(pkg).manifest().threshold()).isGreaterThanOrEqualTo(Calibration.DEFAULT_FLOOR);
    }

    @Test
    void trainsTheRulRegressorWhenATargetIsGiven() throws IOException {
        Path csv = PlantCsv.write(dir.resolve("pump.csv"), false);
        Path pkg = dir.resolve("rul");

        Run train = vigil(
                "model",
                "train",
                "--csv",
                csv.toString(),
                "--id",
                "pump-rul",
                "--target",
                "rul",
                "--window",
                "5",
                "--epochs",
                "5",
                "--members",
                "2",
                "--rul-threshold",
                "50",
                "--out",
                pkg.toString());

        assertThat(train.exit()).as(train.err()).isZero();
        assertThat(train.out()).contains("RMSE ", "threshold 50.0 (given", "windows 896 of 5 rows");
        ModelManifest m = ModelPackage.read(pkg).manifest();
        assertThat(m.kind()).isEqualTo("rul");
        assertThat(m.inputTags()).containsExactly("flow", "pressure", "motor_temp");
    }

    @Test
    void refusesAnUnknownColumnNamingItWithUsageExitCode() throws IOException {
        Path csv = PlantCsv.write(dir.resolve("pump.csv"), false);

        Run train = vigil("model", "train", "--csv", csv.toString(), "--id", "x", "--columns", "flow,vibration");

        assertThat(train.exit()).isEqualTo(2);
        assertThat(train.err()).contains("column 'vibration' is not one of [flow, pressure, motor_temp, rul]");
    }

    @Test
    void helpExplainsTrainScoreAndPackage() {
        assertThat(vigil("model", "train", "--help").out())
                .contains("--csv", "--target", "--normal-from", "--window", "--push", "--shadow", "--hub");
        assertThat(vigil("model", "score", "--help").out()).contains("--csv", "p_normal", "--interval");
        assertThat(vigil("model", "package", "--help").out())
                .contains("--onnx", "--normal-csv", "--threshold", "[batch, 1]", "dynamic batch axis");
    }
}
