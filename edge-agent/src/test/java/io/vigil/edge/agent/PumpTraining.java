package io.vigil.edge.agent;

import io.vigil.adapters.sim.PumpModel;
import io.vigil.core.model.ModelManifest;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.train.TrainRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Trains a small pump autoencoder on the simulator's fault-free data, the way an operator would before a rollout. */
final class PumpTraining {
    static final List<String> INPUTS = List.of("flow", "pressure", "current", "bearing_temp", "vibration");

    private PumpTraining() {}

    static ModelManifest train(Path dir, int windowLength, int stride) {
        var pump = new PumpModel(7, Instant.parse("2026-01-01T00:00:00Z"));
        int n = 2000;
        double[][] rows = new double[n][INPUTS.size()];
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            var reading = pump.sample(t.plus(Duration.ofMillis(100L * i)));
            for (int f = 0; f < INPUTS.size(); f++) {
                rows[i][f] = reading.value(INPUTS.get(f));
            }
        }
        var request =
                new TrainRequest("pump-ae", "1.0.0", INPUTS, windowLength, stride, rows, "PumpModel seed 7, 2000 rows");
        ModelPackage pkg =
                new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withEpochs(8)).train(request, dir);
        return pkg.manifest();
    }
}
