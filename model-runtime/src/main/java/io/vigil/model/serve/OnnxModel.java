package io.vigil.model.serve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelLoadException;
import io.vigil.model.pkg.ModelPackage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model package opened in ONNX Runtime, ready to score windows.
 *
 * <p>{@link #load} trusts nothing: besides the sha256 already checked by {@link ModelPackage#read}, it compares the
 * graph's input (name, float type, width {@code windowLength * tags}) and score output with the manifest, so a manifest
 * paired with the wrong graph fails at load time with both values named, not later with a shape error per window.
 * It then runs one warm-up inference so the first real window does not pay for lazy allocation.
 *
 * <p>{@link #score} is thread-safe ({@code OrtSession.run} is) and makes one ONNX Runtime call per batch: the call has
 * a fixed cost of a few microseconds, so callers should batch windows that are ready together. A read-write lock keeps
 * {@link #close} from freeing the native session under a running inference. All calls block; never call them on an
 * event loop.
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final ModelManifest manifest;
    private final OrtEnvironment env;
    private final OrtSession session;
    /** How to fix a fixed batch size, named wherever one is refused. */
    public static final String FIXED_BATCH_FIX = ": export the batch axis as dynamic, e.g. torch.onnx.export(...,"
            + " dynamic_axes={'<input>': {0: 'batch'}, '<output>': {0: 'batch'}})";

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxModel(ModelManifest manifest, OrtEnvironment env, OrtSession session) {
        this.manifest = manifest;
        this.env = env;
        this.session = session;
    }

    /**
     * Opens the package's graph with {@code intraOpThreads} ONNX Runtime threads, checks it against the manifest and
     * runs a warm-up inference.
     *
     * @throws ModelLoadException if the file is not an ONNX graph or the graph disagrees with the manifest
     */
    public static OnnxModel load(ModelPackage pkg, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads " + intraOpThreads + " must be at least 1");
        }
        return NativeStack.call("onnx-load-" + pkg.manifest().id(), () -> open(pkg, intraOpThreads));
    }

    private static OnnxModel open(ModelPackage pkg, int intraOpThreads) {
        GraphPolicy.check(pkg.onnxFile());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = open(env, pkg, intraOpThreads);
        try {
            checkInput(pkg, session);
            checkOutput(pkg, session);
            OnnxModel model = new OnnxModel(pkg.manifest(), env, session);
            // two windows: a graph exported for batches of one would fail here, not on the first busy tick
            model.score(new float[2 * pkg.manifest().featureCount()], 2);
            LOG.info(
                    "model {} loaded from {} ({} features, threshold {}, {} intra-op threads)",
                    pkg.manifest().ref(),
                    pkg.onnxFile(),
                    pkg.manifest().featureCount(),
                    pkg.manifest().threshold(),
                    intraOpThreads);
            return model;
        } catch (RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ScoringException) {
                throw new ModelLoadException(
                        "warm-up inference of " + pkg.onnxFile() + " failed: "
                                + e.getCause().getMessage(),
                        e);
            }
            throw e;
        }
    }

    /**
     * Scores {@code batch} windows laid out back to back in {@code windows} (each {@code featureCount} floats, already
     * encoded by {@link WindowEncoder}); returns one score per window.
     *
     * @throws IllegalArgumentException if {@code windows} holds fewer than {@code batch * featureCount} floats
     * @throws ScoringException if ONNX Runtime fails
     * @throws IllegalStateException if the model is closed
     */
    public float[] score(float[] windows, int batch) {
        int features = manifest.featureCount();
        if (batch < 1 || (long) batch * features > windows.length) {
            throw new IllegalArgumentException("model " + manifest.ref() + ": batch " + batch + " needs "
                    + (long) batch * features + " floats but " + windows.length + " were given");
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + manifest.ref() + " is closed");
            }
            return run(windows, batch, features);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The manifest this model was loaded with. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** Frees the native session; waits for running inferences. Later {@link #score} calls fail. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private float[] run(float[] windows, int batch, int features) {
        FloatBuffer input = FloatBuffer.wrap(windows, 0, batch * features);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {batch, features});
                OrtSession.Result result =
                        session.run(Map.of(manifest.inputName(), tensor), Set.of(manifest.outputName()))) {
            OnnxValue value = result.get(manifest.outputName())
                    .orElseThrow(() -> new IllegalStateException("no output " + manifest.outputName()));
            FloatBuffer scores = ((OnnxTensor) value).getFloatBuffer();
            if (scores.remaining() != batch) {
                throw new IllegalStateException(
                        "output " + manifest.outputName() + " has " + scores.remaining() + " values for " + batch);
            }
            float[] out = new float[batch];
            scores.get(out);
            return out;
        } catch (OrtException | IllegalStateException e) {
            throw new ScoringException(
                    "model " + manifest.ref() + ": inference of " + batch + " windows failed: " + e.getMessage(), e);
        }
    }

    private static OrtSession open(OrtEnvironment env, ModelPackage pkg, int intraOpThreads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // An edge box shares its cores with protocol polling: idle ORT threads must sleep, not spin.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return env.createSession(pkg.onnxFile().toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    pkg.onnxFile() + " (model " + pkg.manifest().ref() + ") is not a loadable ONNX graph: "
                            + e.getMessage(),
                    e);
        }
    }

    private static void checkInput(ModelPackage pkg, OrtSession session) {
        ModelManifest m = pkg.manifest();
        Map<String, NodeInfo> inputs = infos(pkg, session, true);
        if (inputs.size() != 1) {
            throw mismatch(pkg, "input count", "1 (" + m.inputName() + ")", inputs.size() + " " + inputs.keySet());
        }
        NodeInfo input = inputs.values().iterator().next();
        if (!input.getName().equals(m.inputName())) {
            throw mismatch(pkg, "inputName", m.inputName(), input.getName());
        }
        long[] shape = tensorShape(pkg, input, "input");
        if (shape.length != 2) {
            throw mismatch(pkg, "input rank", "2 [batch, features]", shape.length + " " + Arrays.toString(shape));
        }
        if (shape[1] != m.featureCount()) {
            throw mismatch(
                    pkg,
                    "windowLength x inputTags (feature count)",
                    m.windowLength() + " x " + m.inputTags().size() + " = " + m.featureCount(),
                    String.valueOf(shape[1]));
        }
        if (shape[0] > 0) {
            throw new ModelLoadException(pkg.onnxFile() + " (model " + m.ref() + "): input '" + input.getName()
                    + "' has its batch dimension fixed at " + shape[0] + " in the graph, but agents score batches of"
                    + " any size" + FIXED_BATCH_FIX);
        }
    }

    private static void checkOutput(ModelPackage pkg, OrtSession session) {
        ModelManifest m = pkg.manifest();
        Map<String, NodeInfo> outputs = infos(pkg, session, false);
        NodeInfo output = outputs.get(m.outputName());
        if (output == null) {
            throw mismatch(pkg, "outputName", m.outputName(), String.valueOf(outputs.keySet()));
        }
        long[] shape = tensorShape(pkg, output, "output");
        // [batch, 1] is what most exporters give a one-value head: unambiguous, so it is read like [batch]
        if (shape.length != 1 && !(shape.length == 2 && shape[1] == 1)) {
            throw mismatch(pkg, "output shape", "[batch] or [batch, 1] (one score per window)", Arrays.toString(shape));
        }
    }

    private static Map<String, NodeInfo> infos(ModelPackage pkg, OrtSession session, boolean inputs) {
        try {
            return inputs ? session.getInputInfo() : session.getOutputInfo();
        } catch (OrtException e) {
            throw new ModelLoadException("cannot inspect " + pkg.onnxFile() + ": " + e.getMessage(), e);
        }
    }

    private static long[] tensorShape(ModelPackage pkg, NodeInfo node, String role) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw mismatch(pkg, role + " '" + node.getName() + "' kind", "tensor", String.valueOf(node.getInfo()));
        }
        if (info.type != OnnxJavaType.FLOAT) {
            throw mismatch(pkg, role + " '" + node.getName() + "' type", "float32", String.valueOf(info.type));
        }
        return info.getShape();
    }

    private static ModelLoadException mismatch(ModelPackage pkg, String field, String expected, String actual) {
        return new ModelLoadException(pkg.onnxFile() + " does not match " + ModelPackage.MANIFEST_FILE + " (model "
                + pkg.manifest().ref() + "): " + field + " is " + expected + " in the manifest but " + actual
                + " in the graph");
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
        }
    }
}
