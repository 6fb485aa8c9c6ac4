package io.vigil.edge.score;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import java.nio.file.Path;

/** A {@link WindowModel} backed by ONNX Runtime: the package is read (sha256 checked) and loaded once at start. */
public final class OnnxWindowModel implements WindowModel {
    private final OnnxModel model;

    private OnnxWindowModel(OnnxModel model) {
        this.model = model;
    }

    /** Reads and loads the package; fails with the model-runtime's message naming the file and the problem. */
    public static OnnxWindowModel load(Path packageDir, int threads) {
        return new OnnxWindowModel(OnnxModel.load(ModelPackage.read(packageDir), threads));
    }

    @Override
    public ModelManifest manifest() {
        return model.manifest();
    }

    @Override
    public float[] score(float[] windows, int batch) {
        return model.score(windows, batch);
    }

    @Override
    public void close() {
        model.close();
    }
}
