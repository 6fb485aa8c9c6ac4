package io.vigil.bench.inference;

import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.serve.WindowEncoder;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JMH form of the inference benchmark: one call of {@link #scoreBatch()} encodes {@code batch} windows of raw pump
 * rows with {@link WindowEncoder} (a different window each time) and scores them with one {@link OnnxModel#score}
 * call, on one thread with one ONNX Runtime intra-op thread. Run by {@link InferenceJmhCommand}, which sets the
 * package directory (written once by the parent JVM), the batch size and the mode (throughput, or sampled time for the
 * batch-1 latency percentiles); windows/s = calls/s × batch.
 */
@State(Scope.Thread)
public class InferenceJmh {
    /** A model package directory written by {@link BenchModels}; set by the command. */
    @Param("")
    public String packageDir;

    @Param("1")
    public int batch;

    private OnnxModel model;
    private ModelManifest manifest;
    private double[][] rows;
    private float[] input;
    private int from;

    @Setup(Level.Trial)
    public void load() {
        model = OnnxModel.load(ModelPackage.read(Path.of(packageDir)), 1);
        manifest = model.manifest();
        rows = BenchModels.pumpRows(4_000);
        input = new float[batch * manifest.featureCount()];
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    @Benchmark
    public float scoreBatch() {
        int window = manifest.windowLength();
        int features = manifest.featureCount();
        for (int i = 0; i < batch; i++) {
            WindowEncoder.encode(rows, from, window, manifest.scaler(), input, i * features);
            from = (from + 1) % (rows.length - window);
        }
        return model.score(input, batch)[0];
    }
}
