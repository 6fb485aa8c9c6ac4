package io.vigil.model.federated.sim;

import io.vigil.core.model.Scaler;
import io.vigil.model.eval.CmapssData;
import io.vigil.model.eval.CmapssData.Engine;
import io.vigil.model.eval.CmapssData.Fd001;
import io.vigil.model.federated.AgentIdentity;
import io.vigil.model.federated.LocalData;
import io.vigil.model.federated.NetworkShape;
import io.vigil.model.federated.Participant;
import io.vigil.model.federated.ScalerStats;
import io.vigil.model.train.LinearMap;
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
 * C-MAPSS FD001 across agents, split by engine: agent {@code a} of {@code N} holds a contiguous run of the 100
 * run-to-failure engines. The model is the RUL regressor of {@code vigil model eval cmapss} reduced to one member: per
 * sensor the window mean, the mean of the last {@code recent} cycles and the slope ({@link LinearMap#windowSummary}),
 * standardized with the federated scaler (pooled n, Σx, Σx² of those summaries), into a ReLU MLP predicting {@code
 * min(cap, RUL) / cap}. RMSE in cycles at the last cycle of each of the 100 test engines.
 */
public final class CmapssFederation {
    private final Scenario scenario;
    private final int window;
    private final int recent;
    private final int cap;
    private final Consumer<String> progress;

    public CmapssFederation(Scenario scenario, int window, int recent, int cap, Consumer<String> progress) {
        if (window < 2 || recent < 1 || recent > window || cap < 1) {
            throw new IllegalArgumentException("window " + window + ", recent " + recent + ", cap " + cap
                    + " need 1 <= recent <= window, cap >= 1");
        }
        this.scenario = scenario;
        this.window = window;
        this.recent = recent;
        this.cap = cap;
        this.progress = progress;
    }

    /**
     * @param federated RMSE of the federated model
     * @param central RMSE of the same network trained on all engines
     * @param localOnly per agent: RMSE of its own model on the test engines
     */
    public record Report(
            double federated, double central, Map<String, Double> localOnly, Federation.Result run, int parameters) {}

    public Report run(Fd001 data) {
        int tags = CmapssData.TAGS.size();
        LinearMap summary = LinearMap.windowSummary(window, tags, recent);
        Map<String, List<Engine>> split = new LinkedHashMap<>();
        int n = data.train().size();
        if (scenario.agents() > n) {
            throw new IllegalArgumentException("--agents " + scenario.agents() + " exceeds the " + n + " engines");
        }
        for (int a = 0; a < scenario.agents(); a++) {
            split.put(
                    "agent-" + (a + 1),
                    data.train().subList(a * n / scenario.agents(), (a + 1) * n / scenario.agents()));
        }
        Map<String, float[]> features = new LinkedHashMap<>();
        Map<String, float[]> targets = new LinkedHashMap<>();
        ScalerStats pooled = ScalerStats.empty(summary.outputs());
        Map<String, ScalerStats> stats = new LinkedHashMap<>();
        for (var e : split.entrySet()) {
            List<Float> y = new ArrayList<>();
            float[] x = summaries(e.getValue(), summary, y);
            features.put(e.getKey(), x);
            float[] t = new float[y.size()];
            for (int k = 0; k < t.length; k++) {
                t[k] = y.get(k);
            }
            targets.put(e.getKey(), t);
            ScalerStats s = ScalerStats.of(x, t.length, summary.outputs());
            stats.put(e.getKey(), s);
            pooled = pooled.plus(s);
        }
        Scaler scaler = pooled.toScaler();
        NetworkShape shape = NetworkShape.regressor(summary.outputs(), scenario.hidden());
        float[] initial = Training.initial(shape, scenario.seed());
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        List<Participant> participants = new ArrayList<>();
        List<LocalData.Rows> all = new ArrayList<>();
        long seed = scenario.seed();
        for (String agent : split.keySet()) {
            AgentIdentity id = AgentIdentity.generate(agent);
            keys.put(agent, id.publicKey());
            LocalData.Rows d =
                    new LocalData.Rows(standardize(features.get(agent), scaler), targets.get(agent), summary.outputs());
            all.add(d);
            participants.add(new Participant(id, shape, d, stats.get(agent), ++seed));
        }
        progress.accept(String.format(
                Locale.ROOT,
                "C-MAPSS: %d agents, %d parameters, %d rounds",
                split.size(),
                shape.parameterCount(),
                scenario.rounds()));
        Federation.Result result = new Federation(participants, Map.of(), scenario.settings("cmapss-rul"), progress)
                .run(initial, keys, scenario.seed());
        float[] testX = testSummaries(data.test(), summary);
        double fed = rmse(shape, result.global(), standardize(testX, scaler), data.testRul());
        int epochs = scenario.rounds() * scenario.localEpochs();
        float[] central = Training.fit(
                shape, initial, concat(all), epochs, scenario.batch(), scenario.learningRate(), scenario.seed());
        double cen = rmse(shape, central, standardize(testX, scaler), data.testRul());
        progress.accept(String.format(Locale.ROOT, "federated RMSE %.2f, central RMSE %.2f", fed, cen));
        Map<String, Double> local = new LinkedHashMap<>();
        for (String agent : split.keySet()) {
            Scaler own = stats.get(agent).toScaler();
            LocalData.Rows d =
                    new LocalData.Rows(standardize(features.get(agent), own), targets.get(agent), summary.outputs());
            float[] w =
                    Training.fit(shape, initial, d, epochs, scenario.batch(), scenario.learningRate(), scenario.seed());
            local.put(agent, rmse(shape, w, standardize(testX, own), data.testRul()));
        }
        return new Report(fed, cen, local, result, shape.parameterCount());
    }

    /** Window summaries of every full window of {@code engines}; {@code targets} gets capped RUL / cap. */
    private float[] summaries(List<Engine> engines, LinearMap summary, List<Float> targets) {
        int tags = CmapssData.TAGS.size();
        List<float[]> rows = new ArrayList<>();
        float[] raw = new float[window * tags];
        for (Engine e : engines) {
            int life = e.rows().length;
            for (int end = window - 1; end < life; end++) {
                fill(e.rows(), end - window + 1, raw);
                float[] f = new float[summary.outputs()];
                summary.apply(raw, 0, f, 0);
                rows.add(f);
                targets.add((float) Math.min(cap, life - 1 - end) / cap);
            }
        }
        return flatten(rows, summary.outputs());
    }

    /** The last window of each test engine, padded at the front with its first row when shorter. */
    private float[] testSummaries(List<Engine> engines, LinearMap summary) {
        int tags = CmapssData.TAGS.size();
        List<float[]> rows = new ArrayList<>();
        float[] raw = new float[window * tags];
        for (Engine e : engines) {
            double[][] r = e.rows();
            for (int k = 0; k < window; k++) {
                double[] row = r[Math.max(0, r.length - window + k)];
                for (int c = 0; c < tags; c++) {
                    raw[k * tags + c] = (float) row[c];
                }
            }
            float[] f = new float[summary.outputs()];
            summary.apply(raw, 0, f, 0);
            rows.add(f);
        }
        return flatten(rows, summary.outputs());
    }

    private void fill(double[][] rows, int from, float[] out) {
        int tags = CmapssData.TAGS.size();
        for (int k = 0; k < window; k++) {
            for (int c = 0; c < tags; c++) {
                out[k * tags + c] = (float) rows[from + k][c];
            }
        }
    }

    private static float[] flatten(List<float[]> rows, int width) {
        float[] out = new float[rows.size() * width];
        for (int k = 0; k < rows.size(); k++) {
            System.arraycopy(rows.get(k), 0, out, k * width, width);
        }
        return out;
    }

    private static float[] standardize(float[] x, Scaler scaler) {
        int width = scaler.mean().length;
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = (float) scaler.apply(k % width, x[k]);
        }
        return out;
    }

    private static LocalData.Rows concat(List<LocalData.Rows> parts) {
        int width = parts.get(0).width();
        int count = parts.stream().mapToInt(LocalData::count).sum();
        float[] x = new float[count * width];
        float[] y = new float[count];
        int at = 0;
        for (LocalData.Rows p : parts) {
            System.arraycopy(p.inputs(), 0, x, at * width, p.inputs().length);
            System.arraycopy(p.targets(), 0, y, at, p.count());
            at += p.count();
        }
        return new LocalData.Rows(x, y, width);
    }

    private double rmse(NetworkShape shape, float[] weights, float[] x, int[] truth) {
        LocalNetwork net = new LocalNetwork(shape.sizes(), shape.activations(), 1, 0);
        net.setParameters(weights);
        var layers = net.layers();
        int width = shape.sizes()[0];
        double squares = 0;
        for (int k = 0; k < truth.length; k++) {
            float[] v = Arrays.copyOfRange(x, k * width, (k + 1) * width);
            for (var layer : layers) {
                float[] next = new float[layer.outputs()];
                layer.forward(v, 0, next, 0);
                v = next;
            }
            double d = v[0] * cap - truth[k];
            squares += d * d;
        }
        return Math.sqrt(squares / truth.length);
    }
}
