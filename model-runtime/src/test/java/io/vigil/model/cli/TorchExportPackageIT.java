package io.vigil.model.cli;

import static io.vigil.model.cli.TrainAndScoreCommandTest.vigil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.cli.TrainAndScoreCommandTest.Run;
import io.vigil.model.data.CsvSeries;
import io.vigil.model.pkg.ModelLoadException;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import io.vigil.model.train.AutoencoderTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained and exported by a real exporter written by others — Debian's {@code python3-torch}, through {@code
 * torch.onnx.export} — packaged by {@code vigil model package} and backtested by {@code vigil model score}, as a data
 * scientist would bring their own model. PyTorch's shapes are its own: a {@code [N, 1]} score, and a batch fixed at 1
 * unless {@code dynamic_axes} is given.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TorchExportPackageIT {
    static final String PYTHON = "/usr/bin/python3";
    static final List<String> TAGS = List.of("flow", "pressure");
    static final int WINDOW = 4;

    @TempDir
    Path dir;

    Path csv;
    Path windows;

    @BeforeEach
    void requireTorchAndWriteData() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import torch")
                .redirectErrorStream(true)
                .start();
        String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0)
                .as("PyTorch (the exporter under test) must be importable by " + PYTHON
                        + ": apt-get install -y python3-torch (" + said.strip() + ")")
                .isTrue();
        csv = PlantCsv.write(dir.resolve("pump.csv"), false);
        windows = normalWindows();
    }

    @Test
    void packagesAndScoresAPytorchExportWithAnNBy1Score() throws Exception {
        Path onnx = export("score");
        Path pkg = dir.resolve("pkg");

        Run packaged = vigil(
                "model",
                "package",
                "--onnx",
                onnx.toString(),
                "--id",
                "pump-torch",
                "--tags",
                String.join(",", TAGS),
                "--window",
                String.valueOf(WINDOW),
                "--normal-csv",
                normalCsv().toString(),
                "--out",
                pkg.toString());

        assertThat(packaged.exit()).as(packaged.err()).isZero();
        assertThat(packaged.out()).contains("package pump-torch@1.0.0 written to", "input 'x', output 'score'");
        ModelManifest m = ModelPackage.read(pkg).manifest();
        assertThat(m.calibration().rule()).isEqualTo(Calibration.QUANTILE);
        assertThat(m.calibration().windows()).isEqualTo(PlantCsv.NORMAL_ROWS - WINDOW + 1);
        assertThat(m.threshold()).isEqualTo(m.calibration().threshold()).isPositive();

        Run scored = vigil("model", "score", pkg.toString(), "--csv", csv.toString());

        assertThat(scored.exit()).as(scored.err()).isZero();
        List<String> events =
                scored.out().lines().skip(1).filter(l -> l.endsWith(",1")).toList();
        assertThat(events).as("the blocked outlet, through PyTorch's graph").isNotEmpty();
        assertThat(events.get(0))
                .startsWith(PlantCsv.time(PlantCsv.FAULT_FROM).toString().substring(0, 16));
    }

    @Test
    void refusesAFixedBatchExportNamingTheFix() throws Exception {
        Path onnx = export("fixed-batch");

        Run packaged = vigil(
                "model",
                "package",
                "--onnx",
                onnx.toString(),
                "--id",
                "pump-torch",
                "--tags",
                String.join(",", TAGS),
                "--window",
                String.valueOf(WINDOW),
                "--normal-csv",
                normalCsv().toString(),
                "--out",
                dir.resolve("fixed").toString());

        assertThat(packaged.exit()).isEqualTo(2);
        assertThat(packaged.err()).contains("input 'x' has its batch dimension fixed at 1 [1, 8]", "dynamic_axes=");
        assertThat(dir.resolve("fixed")).doesNotExist();
    }

    @Test
    void refusesAReconstructionOutputNamingBothShapes() throws Exception {
        Path onnx = export("reconstruction");

        Run packaged = vigil(
                "model",
                "package",
                "--onnx",
                onnx.toString(),
                "--id",
                "pump-torch",
                "--tags",
                String.join(",", TAGS),
                "--window",
                String.valueOf(WINDOW),
                "--threshold",
                "1",
                "--raw-inputs");

        assertThat(packaged.exit()).isEqualTo(2);
        assertThat(packaged.err()).contains("output 'score' shape must be [batch] or [batch, 1]", "[-1, 8]");
    }

    @Test
    void refusesAWindowThatDoesNotMatchTheGraphWidth() throws Exception {
        Path onnx = export("score");

        Run packaged = vigil(
                "model",
                "package",
                "--onnx",
                onnx.toString(),
                "--id",
                "pump-torch",
                "--tags",
                String.join(",", TAGS),
                "--window",
                "5",
                "--threshold",
                "1",
                "--raw-inputs");

        assertThat(packaged.exit()).isEqualTo(2);
        assertThat(packaged.err()).contains("--window x --tags (5 x 2) must be 10", "[-1, 8]");
    }

    @Test
    void theAgentsLoaderReadsAnNBy1ScoreAndRefusesAFixedBatchNamingTheFix() throws Exception {
        ModelManifest manifest = new ModelManifest(
                "pump-torch",
                "1.0.0",
                "anomaly",
                TAGS,
                WINDOW,
                1,
                new Scaler(new double[TAGS.size()], new double[] {1, 1}),
                1.0,
                "x",
                "score",
                "0".repeat(64),
                "hand-written manifest");
        byte[] dynamic = Files.readAllBytes(export("score"));
        try (OnnxModel model = OnnxModel.load(ModelPackage.write(dir.resolve("dyn"), manifest, dynamic), 1)) {
            assertThat(model.score(new float[3 * WINDOW * TAGS.size()], 3)).hasSize(3);
        }

        byte[] fixed = Files.readAllBytes(export("fixed-batch"));
        ModelPackage pkg = ModelPackage.write(dir.resolve("fixed-pkg"), manifest, fixed);

        assertThatThrownBy(() -> OnnxModel.load(pkg, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("input 'x' has its batch dimension fixed at 1 in the graph")
                .hasMessageContaining("dynamic_axes=");
    }

    /** The first NORMAL_ROWS rows of the CSV: what the data scientist calls normal. */
    private Path normalCsv() throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return Files.write(dir.resolve("normal.csv"), lines.subList(0, PlantCsv.NORMAL_ROWS + 1));
    }

    /** Standardized normal windows, one per line, for PyTorch to train on (the scaler the package will fit). */
    private Path normalWindows() throws IOException {
        double[][] rows = CsvSeries.read(csv, "time", TAGS).rows();
        double[][] normal = Arrays.copyOf(rows, PlantCsv.NORMAL_ROWS);
        var scaler = AutoencoderTrainer.fitScaler(normal);
        StringBuilder out = new StringBuilder();
        float[] w = new float[WINDOW * TAGS.size()];
        for (int k = 0; k + WINDOW <= normal.length; k++) {
            WindowEncoder.encode(normal, k, WINDOW, scaler, w, 0);
            for (int i = 0; i < w.length; i++) {
                out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", w[i]));
            }
            out.append('\n');
        }
        return Files.writeString(dir.resolve("windows.csv"), out);
    }

    private Path export(String mode) throws Exception {
        Path script = dir.resolve("export_autoencoder.py");
        try (InputStream in = getClass().getResourceAsStream("/torch/export_autoencoder.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path onnx = dir.resolve(mode + ".onnx");
        Process p = new ProcessBuilder(
                        PYTHON,
                        script.toString(),
                        windows.toString(),
                        onnx.toString(),
                        String.valueOf(WINDOW * TAGS.size()),
                        mode)
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("torch export finished").isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(onnx).exists();
        return onnx;
    }
}
