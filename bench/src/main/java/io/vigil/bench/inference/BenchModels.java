package io.vigil.bench.inference;

import io.vigil.adapters.sim.PumpModel;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.model.onnx.Activation;
import io.vigil.model.onnx.Dense;
import io.vigil.model.onnx.OnnxGraphWriter;
import io.vigil.model.onnx.Precision;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.TrainRequest;
import io.vigil.model.train.TrainedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The models the inference benchmarks run, written as packages: the demo's pump autoencoder (trained exactly as
 * {@code vigil demo} trains it: 8 tags x 20 rows, hidden 32-8-32, seed 42) and a wide autoencoder of about 1.6 M
 * parameters (8 tags x 32 rows = 256 inputs, hidden 1024-512-1024, random Glorot weights: the speed of a graph does
 * not depend on what its weights learned), each in fp32 and int8.
 */
final class BenchModels {
    static final int PUMP_WINDOW = 20;
    static final int WIDE_WINDOW = 32;
    static final List<Integer> WIDE_HIDDEN = List.of(1024, 512, 1024);

    private BenchModels() {}

    /** A written package and the raw rows (one window's worth per window) to encode for it. */
    record Bench(String name, Precision precision, ModelPackage pkg, long parameters) {}

    static List<Bench> write(Path dir) {
        var out = new ArrayList<Bench>();
        TrainedModel pump = trainPump();
        long pumpParams = parameters(pump.network().layers());
        for (Precision p : Precision.values()) {
            byte[] onnx = OnnxGraphWriter.autoencoder(
                    pump.network().layers(),
                    pump.network().centering(),
                    OnnxGraphWriter.DEFAULT_INPUT,
                    OnnxGraphWriter.DEFAULT_OUTPUT,
                    Map.of(),
                    p);
            out.add(new Bench(
                    "pump-ae", p, ModelPackage.write(dir.resolve("pump-" + p), pump.manifest(), onnx), pumpParams));
        }
        List<Dense> wide = wideLayers(PumpTags.ids().size() * WIDE_WINDOW);
        for (Precision p : Precision.values()) {
            byte[] onnx = OnnxGraphWriter.autoencoder(
                    wide, null, OnnxGraphWriter.DEFAULT_INPUT, OnnxGraphWriter.DEFAULT_OUTPUT, Map.of(), p);
            out.add(new Bench(
                    "wide-ae",
                    p,
                    ModelPackage.write(dir.resolve("wide-" + p), wideManifest(), onnx),
                    parameters(wide)));
        }
        return out;
    }

    static TrainedModel trainPump() {
        double[][] rows = PumpModel.normalRows(42 + 1_000, 3_600, Duration.ofMillis(500));
        var request = new TrainRequest("pump-ae", "1.0.0", PumpTags.ids(), PUMP_WINDOW, 1, rows, "bench");
        return new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withSeed(42)).fit(request);
    }

    /** Rows of normal pump data, for feature building in the benchmarks. */
    static double[][] pumpRows(int n) {
        return PumpModel.normalRows(7, n, Duration.ofMillis(500));
    }

    private static ModelManifest wideManifest() {
        int tags = PumpTags.ids().size();
        double[] mean = new double[tags];
        double[] scale = new double[tags];
        Arrays.fill(scale, 1);
        return new ModelManifest(
                "wide-ae",
                "1.0.0",
                "anomaly",
                PumpTags.ids(),
                WIDE_WINDOW,
                1,
                new Scaler(mean, scale),
                1.0,
                OnnxGraphWriter.DEFAULT_INPUT,
                OnnxGraphWriter.DEFAULT_OUTPUT,
                "0".repeat(64),
                "random weights, benchmark only");
    }

    private static List<Dense> wideLayers(int features) {
        var random = new SplittableRandom(42);
        var sizes = new ArrayList<Integer>();
        sizes.add(features);
        sizes.addAll(WIDE_HIDDEN);
        sizes.add(features);
        var layers = new ArrayList<Dense>();
        for (int i = 0; i + 1 < sizes.size(); i++) {
            int in = sizes.get(i);
            int o = sizes.get(i + 1);
            float[] w = new float[in * o];
            double limit = Math.sqrt(6.0 / (in + o));
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            layers.add(new Dense(in, o, w, new float[o], i + 2 < sizes.size() ? Activation.TANH : Activation.IDENTITY));
        }
        return layers;
    }

    static long parameters(List<Dense> layers) {
        return layers.stream()
                .mapToLong(l -> (long) l.inputs() * l.outputs() + l.outputs())
                .sum();
    }
}
