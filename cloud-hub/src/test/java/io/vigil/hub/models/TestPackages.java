package io.vigil.hub.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.TrainRequest;
import io.vigil.model.train.TrainedModel;
import java.util.List;
import java.util.Random;

/** Small real packages (a 4-tag autoencoder trained in well under a second) and broken variants of them. */
public final class TestPackages {
    private static TrainedModel trained;

    private TestPackages() {}

    /** A good package zip of {@code model} at {@code version}. */
    public static byte[] zip(String model, String version) {
        ModelManifest m = manifest(model, version);
        return PackageArchive.pack(json(m), trained().onnx());
    }

    /** A package whose manifest names a sha256 other than its graph's. */
    public static byte[] wrongSha(String model, String version) {
        ModelManifest m = manifest(model, version).withSha256("0".repeat(64));
        return PackageArchive.pack(json(m), trained().onnx());
    }

    /** A package whose manifest says a window of 12 rows where the graph takes 10 (the wrong input width). */
    public static byte[] wrongShape(String model, String version) {
        ModelManifest m = manifest(model, version);
        var wrong = new ModelManifest(
                m.id(),
                m.version(),
                m.kind(),
                m.inputTags(),
                12,
                m.stride(),
                m.scaler(),
                m.threshold(),
                m.inputName(),
                m.outputName(),
                m.sha256(),
                m.training());
        return PackageArchive.pack(json(wrong), trained().onnx());
    }

    public static ModelManifest manifest(String model, String version) {
        ModelManifest t = trained().manifest();
        return new ModelManifest(
                        model,
                        version,
                        t.kind(),
                        t.inputTags(),
                        t.windowLength(),
                        t.stride(),
                        t.scaler(),
                        t.threshold(),
                        t.inputName(),
                        t.outputName(),
                        t.sha256(),
                        t.training())
                .withSha256(ModelPackage.sha256(trained().onnx()));
    }

    private static byte[] json(ModelManifest m) {
        try {
            return Json.mapper().writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized TrainedModel trained() {
        if (trained == null) {
            var random = new Random(5);
            double[][] rows = new double[400][4];
            for (double[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = 10 * i + random.nextGaussian();
                }
            }
            var req = new TrainRequest("test-ae", "1.0.0", List.of("a", "b", "c", "d"), 10, 5, rows, "test rows");
            trained =
                    new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withEpochs(2)).fit(req);
        }
        return trained;
    }
}
