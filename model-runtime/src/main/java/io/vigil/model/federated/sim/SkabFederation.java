package io.vigil.model.federated.sim;

import io.vigil.core.model.Scaler;
import io.vigil.model.eval.Confusion;
import io.vigil.model.eval.SkabData;
import io.vigil.model.eval.SkabData.Experiment;
import io.vigil.model.federated.AgentIdentity;
import io.vigil.model.federated.LocalData;
import io.vigil.model.federated.NetworkShape;
import io.vigil.model.federated.Participant;
import io.vigil.model.federated.ScalerStats;
import io.vigil.model.onnx.WindowCentering;
import io.vigil.model.serve.WindowEncoder;
import io.vigil.model.train.Autoencoder;
import io.vigil.model.train.LocalNetwork;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SKAB across agents: each agent holds some experiments (non-IID: one per folder — valve1, valve2, other — with 3
 * agents; contiguous runs of the folder-ordered experiments otherwise), trains on the first {@value #TRAIN_ROWS} rows of
 * each (the leaderboard's training part) and never shows them to anyone.
 *
 * <p>Evaluation follows the leaderboard protocol of {@code vigil model eval skab}: per experiment the threshold is
 * {@code margin x quantile} of the smoothed scores of its own training part (an agent can do that locally), every test
 * point is predicted, TP/FP/TN/FN are summed before F1. As in that protocol each experiment (an asset) is standardized
 * with the scaler of its own training part, which its agent fits locally; the agents still send their n, Σx, Σx² with
 * every update (the hub pools them for the manifest), but the model learns standardized dynamics shared by all
 * assets. One global model (federated or central) serves every experiment; local-only models are scored on the other
 * agents' experiments. Scores come from the Java forward pass, which the exporter cross-checks against ONNX Runtime.
 */
public final class SkabFederation {
    static final int TRAIN_ROWS = 400;
    private static final List<String> CENTERED = List.of("motor_temp", "fluid_temp");

    private final Scenario scenario;
    private final int window;
    private final int smoothing;
    private final double quantile;
    private final double margin;
    private final Consumer<String> progress;

    public SkabFederation(
            Scenario scenario, int window, int smoothing, double quantile, double margin, Consumer<String> progress) {
        if (window < 2 || smoothing < 1 || window + smoothing > TRAIN_ROWS) {
            throw new IllegalArgumentException("window " + window + " and smoothing " + smoothing + " must fit the "
                    + TRAIN_ROWS + " training rows");
        }
        this.scenario = scenario;
        this.window = window;
        this.smoothing = smoothing;
        this.quantile = quantile;
        this.margin = margin;
        this.progress = progress;
    }

    /**
     * @param federated the federated model over all experiments
     * @param central the same network trained on the pooled training parts
     * @param localOnlyOnOthers per agent: its own model's F1 on the other agents' experiments
     * @param federatedOnOthers per agent: the federated model's F1 on the same experiments
     */
    public record Report(
            Confusion federated,
            Confusion central,
            Map<String, Double> localOnlyOnOthers,
            Map<String, Double> federatedOnOthers,
            Federation.Result run,
            int parameters) {}

    /** Experiments of each agent, in order. */
    public static Map<String, List<Experiment>> split(List<Experiment> experiments, int agents) {
        Map<String, List<Experiment>> split = new LinkedHashMap<>();
        if (agents == 3) {
            for (Experiment e : experiments) {
                split.computeIfAbsent(e.name().substring(0, e.name().indexOf('/')), k -> new ArrayList<>())
                        .add(e);
            }
            return split;
        }
        if (agents > experiments.size()) {
            throw new IllegalArgumentException(
                    "--agents " + agents + " exceeds the " + experiments.size() + " SKAB experiments");
        }
        for (int a = 0; a < agents; a++) {
            int from = a * experiments.size() / agents;
            int to = (a + 1) * experiments.size() / agents;
            split.put("agent-" + (a + 1), List.copyOf(experiments.subList(from, to)));
        }
        return split;
    }

    public Report run(List<Experiment> experiments) {
        Map<String, List<Experiment>> split = split(experiments, scenario.agents());
        ScalerStats pooled = ScalerStats.empty(SkabData.TAGS.size());
        Map<String, ScalerStats> stats = new LinkedHashMap<>();
        for (var e : split.entrySet()) {
            ScalerStats s = rawStats(e.getValue());
            stats.put(e.getKey(), s);
            pooled = pooled.plus(s);
        }
        WindowCentering centering = centering();
        NetworkShape shape = NetworkShape.autoencoder(window * SkabData.TAGS.size(), scenario.hidden());
        float[] initial = Training.initial(shape, scenario.seed());
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        List<Participant> participants = new ArrayList<>();
        Map<String, LocalData> data = new LinkedHashMap<>();
        long seed = scenario.seed();
        for (var e : split.entrySet()) {
            AgentIdentity id = AgentIdentity.generate(e.getKey());
            keys.put(e.getKey(), id.publicKey());
            LocalData d = windows(e.getValue(), centering);
            data.put(e.getKey(), d);
            participants.add(new Participant(id, shape, d, stats.get(e.getKey()), ++seed));
        }
        progress.accept(String.format(
                Locale.ROOT,
                "SKAB: %d agents %s, %d parameters, %d rounds",
                split.size(),
                split.keySet(),
                shape.parameterCount(),
                scenario.rounds()));
        Federation.Result result = new Federation(participants, Map.of(), scenario.settings("skab-ae"), progress)
                .run(initial, keys, scenario.seed());
        int epochs = scenario.rounds() * scenario.localEpochs();
        LocalData pooledData = concat(new ArrayList<>(data.values()));
        float[] central = Training.fit(
                shape, initial, pooledData, epochs, scenario.batch(), scenario.learningRate(), scenario.seed());
        Autoencoder fed = network(shape, result.global(), centering);
        Confusion fedAll = evaluate(fed, experiments);
        Confusion centralAll = evaluate(network(shape, central, centering), experiments);
        progress.accept(String.format(Locale.ROOT, "federated F1 %.3f, central F1 %.3f", fedAll.f1(), centralAll.f1()));
        Map<String, Double> localOnly = new LinkedHashMap<>();
        Map<String, Double> fedOthers = new LinkedHashMap<>();
        for (var e : split.entrySet()) {
            List<Experiment> others = new ArrayList<>(experiments);
            others.removeAll(e.getValue());
            float[] local = Training.fit(
                    shape,
                    initial,
                    data.get(e.getKey()),
                    epochs,
                    scenario.batch(),
                    scenario.learningRate(),
                    scenario.seed());
            double f1 = evaluate(network(shape, local, centering), others).f1();
            localOnly.put(e.getKey(), f1);
            fedOthers.put(e.getKey(), evaluate(fed, others).f1());
            progress.accept(String.format(
                    Locale.ROOT,
                    "%s: local-only F1 on others %.3f, federated %.3f",
                    e.getKey(),
                    f1,
                    fedOthers.get(e.getKey())));
        }
        return new Report(fedAll, centralAll, localOnly, fedOthers, result, shape.parameterCount());
    }

    /** The experiment's own scaler, from its training part (the leaderboard protocol). */
    private static Scaler scaler(Experiment e) {
        return rawStats(List.of(e)).toScaler();
    }

    private static ScalerStats rawStats(List<Experiment> experiments) {
        ScalerStats s = ScalerStats.empty(SkabData.TAGS.size());
        for (Experiment e : experiments) {
            float[] flat = new float[TRAIN_ROWS * SkabData.TAGS.size()];
            for (int r = 0; r < TRAIN_ROWS; r++) {
                for (int c = 0; c < SkabData.TAGS.size(); c++) {
                    flat[r * SkabData.TAGS.size() + c] = (float) e.rows()[r][c];
                }
            }
            s = s.plus(ScalerStats.of(flat, TRAIN_ROWS, SkabData.TAGS.size()));
        }
        return s;
    }

    private WindowCentering centering() {
        boolean[] centered = new boolean[SkabData.TAGS.size()];
        CENTERED.forEach(t -> centered[SkabData.TAGS.indexOf(t)] = true);
        return new WindowCentering(window, centered.length, centered);
    }

    /** Every window of the training parts, standardized and centered, back to back. */
    private LocalData windows(List<Experiment> experiments, WindowCentering centering) {
        int features = window * SkabData.TAGS.size();
        int perExperiment = TRAIN_ROWS - window + 1;
        float[] out = new float[experiments.size() * perExperiment * features];
        int k = 0;
        for (Experiment e : experiments) {
            Scaler scaler = scaler(e);
            for (int start = 0; start < perExperiment; start++) {
                WindowEncoder.encode(e.rows(), start, window, scaler, out, k * features);
                centering.apply(out, k * features);
                k++;
            }
        }
        return new LocalData.Windows(out, k, features);
    }

    private static LocalData concat(List<LocalData> parts) {
        int width = parts.get(0).width();
        int count = parts.stream().mapToInt(LocalData::count).sum();
        float[] out = new float[count * width];
        int at = 0;
        for (LocalData p : parts) {
            float[] w = ((LocalData.Windows) p).windows();
            System.arraycopy(w, 0, out, at, w.length);
            at += w.length;
        }
        return new LocalData.Windows(out, count, width);
    }

    private static Autoencoder network(NetworkShape shape, float[] weights, WindowCentering centering) {
        LocalNetwork net = new LocalNetwork(shape.sizes(), shape.activations(), 1, 0);
        net.setParameters(weights);
        return new Autoencoder(net.layers(), centering);
    }

    /** The leaderboard protocol over {@code experiments}, one threshold per experiment from its training part. */
    Confusion evaluate(Autoencoder model, List<Experiment> experiments) {
        Confusion total = Confusion.EMPTY;
        int tags = SkabData.TAGS.size();
        for (Experiment e : experiments) {
            int n = e.rows().length;
            float[] series = new float[n * tags];
            WindowEncoder.encode(e.rows(), 0, n, scaler(e), series, 0);
            double[] raw = new double[n];
            for (int end = window - 1; end < n; end++) {
                raw[end] = model.scoreAt(series, (end - window + 1) * tags);
            }
            int first = window - 1 + smoothing - 1;
            double[] smooth = new double[n];
            double sum = 0;
            for (int end = window - 1; end < n; end++) {
                sum += raw[end];
                if (end - smoothing >= window - 1) {
                    sum -= raw[end - smoothing];
                }
                smooth[end] = sum / Math.min(smoothing, end - window + 2);
            }
            double[] train = Arrays.copyOfRange(smooth, first, TRAIN_ROWS);
            Arrays.sort(train);
            int rank = (int) Math.ceil(quantile * train.length) - 1;
            double threshold = margin * train[Math.max(0, Math.min(rank, train.length - 1))];
            boolean[] predicted = new boolean[n - TRAIN_ROWS];
            boolean[] actual = new boolean[n - TRAIN_ROWS];
            for (int t = TRAIN_ROWS; t < n; t++) {
                predicted[t - TRAIN_ROWS] = smooth[t] > threshold;
                actual[t - TRAIN_ROWS] = e.anomaly()[t];
            }
            total = total.plus(Confusion.of(actual, predicted));
        }
        return total;
    }
}
