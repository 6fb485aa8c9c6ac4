package io.vigil.model.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ModelPackageTest {
    private static final byte[] GRAPH = "not really a graph, but bytes to hash".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static ModelManifest manifest() {
        return new ModelManifest(
                "pump-ae",
                "1.2.3",
                "anomaly",
                List.of("flow", "temp"),
                10,
                5,
                new Scaler(new double[] {1.5, 60}, new double[] {0.25, 4}),
                0.0123,
                "windows",
                "score",
                "0".repeat(64),
                "synthetic");
    }

    @Test
    void roundTripsManifestAndComputesSha256() {
        ModelPackage written = ModelPackage.write(dir, manifest(), GRAPH);

        ModelPackage read = ModelPackage.read(dir);

        assertThat(read).isEqualTo(written);
        assertThat(read.manifest()).isEqualTo(manifest().withSha256(ModelPackage.sha256(GRAPH)));
        assertThat(read.onnxFile()).hasBinaryContent(GRAPH);
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void rejectsTamperedGraphNamingBothSha256Values() throws IOException {
        ModelPackage written = ModelPackage.write(dir, manifest(), GRAPH);
        byte[] tampered = GRAPH.clone();
        tampered[3] ^= 1;
        Files.write(written.onnxFile(), tampered);

        assertThatThrownBy(() -> ModelPackage.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx sha256 is " + ModelPackage.sha256(tampered))
                .hasMessageContaining("manifest.json says " + written.manifest().sha256());
    }

    @Test
    void rejectsMissingGraph() throws IOException {
        ModelPackage written = ModelPackage.write(dir, manifest(), GRAPH);
        Files.delete(written.onnxFile());

        assertThatThrownBy(() -> ModelPackage.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx not found in " + dir)
                .hasMessageContaining("pump-ae@1.2.3");
    }

    @Test
    void rejectsMissingManifest() {
        assertThatThrownBy(() -> ModelPackage.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("manifest.json not found in " + dir);
    }

    @Test
    void rejectsUnknownManifestFieldByName() throws IOException {
        ModelPackage.write(dir, manifest(), GRAPH);
        Path file = dir.resolve("manifest.json");
        String json = Files.readString(file).replaceFirst("\\{", "{\"thresold\": 0.5,");
        Files.writeString(file, json);

        assertThatThrownBy(() -> ModelPackage.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown field 'thresold'")
                .hasMessageContaining("threshold");
    }

    @Test
    void rejectsInvalidManifestWithItsReason() throws IOException {
        ModelPackage.write(dir, manifest(), GRAPH);
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, Files.readString(file).replace("\"1.2.3\"", "\"one\""));

        assertThatThrownBy(() -> ModelPackage.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("manifest.json is invalid")
                .hasMessageContaining("version 'one' is not a semantic version");
    }

    @Test
    void rejectsManifestThatIsNotJson() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "id: pump-ae");

        assertThatThrownBy(() -> ModelPackage.read(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("manifest.json is not a valid manifest");
    }
}
