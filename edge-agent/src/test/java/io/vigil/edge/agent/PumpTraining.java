package io.vigil.edge.agent;

import io.vigil.adapters.sim.PumpModel;
import io.vigil.adapters.sim.PumpTags;
import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.TrainRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Trains a small pump autoencoder on the simulator's fault-free data, the way an operator would before a rollout. */
final class PumpTraining {
    static final List<String> INPUTS = PumpTags.ids();

    private PumpTraining() {}

    static ModelManifest train(Path dir, int windowLength, int stride) {
        int n = 2000;
        double[][] rows = PumpModel.normalRows(7, n, Duration.ofMillis(100));
        var request =
                new TrainRequest("pump-ae", "1.0.0", INPUTS, windowLength, stride, rows, "PumpModel seed 7, 2000 rows");
        ModelPackage pkg =
                new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withEpochs(8)).train(request, dir);
        return pkg.manifest();
    }

    /**
     * A model of the first {@code pumps} pumps of a default plant simulator: 2000 fault-free rows of each (their noise
     * seeds, so each pump's load and thermal phase), back to back.
     */
    static ModelManifest trainForPlant(Path dir, int windowLength, int stride, int pumps) {
        int n = 2000;
        double[][] rows = new double[n * pumps][];
        for (int p = 0; p < pumps; p++) {
            double[][] pump = PumpModel.normalRows(
                    io.vigil.adapters.sim.SimulatorSettings.DEFAULT_SEED + p, n, Duration.ofMillis(100));
            System.arraycopy(pump, 0, rows, p * n, n);
        }
        var request = new TrainRequest(
                "pump-ae",
                "1.0.0",
                INPUTS,
                windowLength,
                stride,
                rows,
                "PumpModel of " + pumps + " pumps, " + n + " rows each");
        return new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withEpochs(8))
                .train(request, dir)
                .manifest();
    }
}
