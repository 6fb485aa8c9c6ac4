package io.vigil.edge.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.model.Calibration;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Sample;
import io.vigil.model.backtest.Backtest;
import io.vigil.model.data.CsvSeries;
import io.vigil.model.eval.Confusion;
import io.vigil.model.eval.SkabData;
import io.vigil.model.eval.SkabEvaluation;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.serve.OnnxModel;
import io.vigil.model.train.AutoencoderTrainer;
import io.vigil.model.window.ReadyWindow;
import io.vigil.model.window.WindowAssembler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluated package is the served package: a package written by {@code vigil model eval skab}, replayed through
 * the agent's own path (samples into {@link WindowAssembler}, windows through {@link ModelScorer} and ONNX Runtime),
 * flags exactly the points the evaluation counted; and {@code vigil model score}'s {@link Backtest} of the same rows
 * gives the agent's scores and events, window for window.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServedPackageMatchesEvaluationTest {
    static final Instant T0 = Instant.parse("2020-03-09T10:14:33Z");
    static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path packages;

    @Test
    void agentScoringAWrittenSkabPackageGetsTheEvaluationsConfusionCountsAndTheBacktestsEvents() throws IOException {
        Path data = skabData();
        SkabData.Experiment experiment = SkabData.load(data).get(0);
        var config = new SkabEvaluation.Config(
                10,
                new AutoencoderTrainer.Config(
                        List.of(32, 8, 32), 10, 64, 0.003, 42, 0.995, 1.0, List.of("motor_temp", "fluid_temp")),
                0.99,
                1.3,
                15,
                false);

        SkabEvaluation.Figures figures = new SkabEvaluation(config, line -> {})
                .run(List.of(experiment), packages)
                .fp32();
        Confusion evaluated = figures.confusion();

        Path pkg = packages.resolve(experiment.name().replace('/', '-')).resolve("fp32");
        List<ScoredWindow> scored = new ArrayList<>();
        ModelManifest manifest;
        try (var model = OnnxWindowModel.load(pkg, 1)) {
            manifest = model.manifest();
            var scorer = new ModelScorer(model);
            var assembler = new WindowAssembler("pump1", manifest, SECOND);
            List<ReadyWindow> ready = new ArrayList<>();
            for (int r = 0; r < experiment.rows().length; r++) {
                Instant t = T0.plus(SECOND.multipliedBy(r));
                List<Sample> samples = new ArrayList<>();
                for (int c = 0; c < SkabData.TAGS.size(); c++) {
                    samples.add(Sample.good(SkabData.TAGS.get(c), t, experiment.rows()[r][c]));
                }
                assembler.accept(samples);
                assembler.tick(t).ifPresent(ready::add);
                if (ready.size() == 64) {
                    scored.addAll(scorer.score(ready));
                    ready.clear();
                }
            }
            scored.addAll(scorer.score(ready));
        }

        assertThat(manifest.calibration()).isNotNull();
        assertThat(manifest.calibration().rule()).isEqualTo(Calibration.QUANTILE);
        assertThat(manifest.calibration().smoothing()).isEqualTo(15);
        int firstEnd = manifest.windowLength() - 1;
        assertThat(scored).hasSize(experiment.rows().length - firstEnd);
        int testPoints = experiment.rows().length - SkabEvaluation.TRAIN_ROWS;
        boolean[] predicted = new boolean[testPoints];
        boolean[] actual = new boolean[testPoints];
        for (int k = 0; k < testPoints; k++) {
            ScoredWindow w = scored.get(SkabEvaluation.TRAIN_ROWS - firstEnd + k);
            assertThat(w.score().time()).isEqualTo(T0.plus(SECOND.multipliedBy(SkabEvaluation.TRAIN_ROWS + k)));
            predicted[k] = w.score().value() > manifest.threshold();
            actual[k] = experiment.anomaly()[SkabEvaluation.TRAIN_ROWS + k];
        }
        Confusion agent = Confusion.of(actual, predicted);
        assertThat(agent).isEqualTo(evaluated);
        assertThat(agent.tp())
                .as("the fault in " + experiment.name() + " is found")
                .isPositive();
        Instant testFrom = T0.plus(SECOND.multipliedBy(SkabEvaluation.TRAIN_ROWS));
        assertThat(scored.stream()
                        .filter(w -> w.event().isPresent() && !w.score().time().isBefore(testFrom))
                        .count())
                .as("the events the evaluation reports are the agent's")
                .isEqualTo(figures.alarms().events());
        long rises = risingEdges(scored, manifest.threshold());
        assertThat(scored.stream().filter(w -> w.event().isPresent()).count())
                .as("one event per run above the threshold")
                .isEqualTo(rises)
                .isPositive();

        List<Backtest.Row> backtest = backtest(pkg, experiment);
        List<Backtest.Row> windows = backtest.stream()
                .filter(r -> r.state() == Backtest.State.SCORED)
                .toList();
        assertThat(windows).hasSameSizeAs(scored);
        for (int i = 0; i < scored.size(); i++) {
            ScoredWindow live = scored.get(i);
            Backtest.Row offline = windows.get(i);
            assertThat(offline.time()).isEqualTo(live.score().time());
            assertThat(offline.score())
                    .as("window %d", i)
                    .isEqualTo(live.score().value());
            assertThat(offline.event()).as("window %d", i).isEqualTo(live.event());
        }
    }

    /** vigil model score's replay of the same rows, written to a CSV first as a data scientist would have them. */
    private List<Backtest.Row> backtest(Path pkg, SkabData.Experiment experiment) throws IOException {
        StringBuilder csv = new StringBuilder("time," + String.join(",", SkabData.TAGS) + "\n");
        for (int r = 0; r < experiment.rows().length; r++) {
            csv.append(T0.plus(SECOND.multipliedBy(r)));
            for (double v : experiment.rows()[r]) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        Path file = Files.writeString(packages.resolve("experiment.csv"), csv);
        List<Backtest.Row> rows = new ArrayList<>();
        try (var model = OnnxModel.load(ModelPackage.read(pkg), 1)) {
            new Backtest(model, SECOND, "pump1").run(CsvSeries.read(file, "time", List.of()), rows::add);
        }
        return rows;
    }

    private static long risingEdges(List<ScoredWindow> scored, double threshold) {
        long rises = 0;
        boolean before = false;
        for (ScoredWindow w : scored) {
            boolean now = w.score().value() > threshold;
            if (now && !before) {
                rises++;
            }
            before = now;
        }
        return rises;
    }

    private static Path skabData() {
        // the shared folder sits beside the checkout (a worktree may be deeper): walk up
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path skab = dir.resolve("shared/data/skab");
            if (Files.isDirectory(skab)) {
                return skab;
            }
        }
        throw new AssertionError("SKAB data is missing: expected the team's shared folder at ../shared/data/skab"
                + " (relative to the checkout); it cannot be installed, copy it from the shared folder");
    }
}
