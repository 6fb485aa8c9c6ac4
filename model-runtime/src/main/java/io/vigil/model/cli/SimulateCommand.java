package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.model.eval.CmapssData;
import io.vigil.model.eval.Confusion;
import io.vigil.model.eval.SkabData;
import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.privacy.DifferentialPrivacy;
import io.vigil.model.federated.privacy.RdpAccountant;
import io.vigil.model.federated.sim.CmapssFederation;
import io.vigil.model.federated.sim.Federation;
import io.vigil.model.federated.sim.Scenario;
import io.vigil.model.federated.sim.SkabFederation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil fl simulate skab|cmapss}: a federation in one process, against central and local-only training. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs N agents and the round coordinator in one process (the same protocol classes as live agents, an"
                    + " in-process transport), then trains the same network centrally on the pooled data and each"
                    + " agent alone, and compares them.",
            "skab: non-IID split (3 agents = valve1 / valve2 / other), F1 under the leaderboard protocol."
                    + " cmapss: FD001 split by engine, RMSE at the last test cycle.",
            "Progress on stderr; with --json the last stdout line is one JSON object."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "skab or cmapss")
    String dataset;

    @Option(names = "--agents", description = "Agents in the federation.")
    int agents = 3;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "SKAB data/ or C-MAPSS FD001 directory (default: shared/data/skab or"
                    + " shared/data/cmapss-fd001 found by walking up from the working directory).")
    Path data;

    @Option(names = "--json", description = "Print the figures as one JSON object on the last stdout line.")
    boolean json;

    @Option(names = "--rounds", description = "Federated rounds.")
    int rounds = 15;

    @Option(names = "--local-epochs", description = "Local epochs per round (baselines get rounds x this).")
    int localEpochs = 2;

    @Option(names = "--quorum", description = "Accepted updates that close a round; 0 = every agent.")
    int quorum;

    @Option(names = "--hidden", split = ",", description = "Hidden widths (default 32,8,32 skab; 64,32 cmapss).")
    List<Integer> hidden;

    @Option(names = "--learning-rate", description = "Adam step size (default 0.003 skab, 0.001 cmapss).")
    Double learningRate;

    @Option(names = "--batch", description = "Local mini-batch.")
    int batch = 64;

    @Option(names = "--top-k", description = "Share of delta coordinates sent (1 = dense).")
    double topK = 1;

    @Option(names = "--int8", description = "Send delta values as int8 (error feedback carries the rest).")
    boolean int8;

    @Option(names = "--aggregator", description = "fedavg, median, trimmed[:share], krum[:byzantine].")
    String aggregator = "fedavg";

    @Option(names = "--mu", description = "FedProx proximal strength (0 = off).")
    double mu;

    @Option(names = "--clip", description = "L2 bound on each delta (0 = off; --secure and --noise need it).")
    double clip;

    @Option(names = "--outlier-factor", description = "Reject deltas longer than this x the round's median (0 = off).")
    double outlierFactor = 5;

    @Option(names = "--secure", description = "Secure aggregation (pairwise masks, Shamir-shared seeds).")
    boolean secure;

    @Option(names = "--drop", description = "With --secure: agents that drop after masking, each round.")
    int drop;

    @Option(names = "--noise", description = "Differential privacy noise multiplier (0 = off).")
    double noise;

    @Option(names = "--dp-delta", description = "δ of the reported (ε, δ).")
    double dpDelta = 1e-5;

    @Option(
            names = "--round-period",
            description = "Time a round takes in the field (its deadline); KB/s = bytes per round / this.")
    Duration roundPeriod = Duration.ofMinutes(5);

    @Option(names = "--seed", description = "Seed of weights, shuffling and selection.")
    long seed = 42;

    @Override
    public Integer call() {
        boolean skab = "skab".equals(dataset);
        if (!skab && !"cmapss".equals(dataset)) {
            throw new UsageException("DATASET '" + dataset + "' is not skab or cmapss");
        }
        Path dir = data != null ? data : SharedData.find(skab ? "skab" : "cmapss-fd001");
        Scenario scenario = scenario(skab);
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("agents", agents);
        Federation.Result run;
        if (skab) {
            var report =
                    new SkabFederation(scenario, 10, 15, 0.99, 1.3, line -> log(err, line)).run(SkabData.load(dir));
            out.put("federated", figures(report.federated()));
            out.put("central", figures(report.central()));
            out.put(
                    "local_only",
                    Map.of(
                            "f1_on_other_agents_mean", mean(report.localOnlyOnOthers()),
                            "per_agent", rounded(report.localOnlyOnOthers())));
            out.put(
                    "federated_on_other_agents",
                    Map.of(
                            "f1_mean",
                            mean(report.federatedOnOthers()),
                            "per_agent",
                            rounded(report.federatedOnOthers())));
            out.put("parameters", report.parameters());
            run = report.run();
        } else {
            var report = new CmapssFederation(scenario, 30, 3, 125, line -> log(err, line)).run(CmapssData.load(dir));
            out.put("federated", Map.of("rmse", Jsons.round(report.federated(), 3)));
            out.put("central", Map.of("rmse", Jsons.round(report.central(), 3)));
            out.put(
                    "local_only",
                    Map.of("rmse_mean", mean(report.localOnly()), "per_agent", rounded(report.localOnly())));
            out.put("parameters", report.parameters());
            run = report.run();
        }
        out.put("rounds", run.rounds());
        out.put("failed_rounds", run.failedRounds());
        out.put("bytes_per_agent_per_round", Math.round(run.bytesPerAgentPerRound()));
        out.put("upload_bytes_per_agent_per_round", Math.round(run.uploadBytesPerAgentPerRound()));
        if (!secure) {
            out.put("dense_upload_bytes_per_agent_per_round", Math.round(run.denseUploadBytesPerAgentPerRound()));
        }
        out.put("kb_per_s_total", Jsons.round(scenario.kbPerSecondTotal(run.bytesPerAgentPerRound()), 4));
        out.put("round_period_s", roundPeriod.toSeconds());
        out.put("compression", Map.of("top_k", topK, "int8", int8));
        out.put("aggregator", scenario.aggregator().name());
        out.put("secure", secure);
        if (noise > 0) {
            out.put("epsilon", Jsons.round(RdpAccountant.epsilon(run.rounds(), noise, dpDelta), 3));
            out.put("delta", dpDelta);
        }
        out.put("rejections", run.rejections());
        out.put("wall_s", Jsons.round((System.nanoTime() - started) / 1e9, 1));
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Jsons.line(out));
        } else {
            out.forEach((k, v) -> stdout.println(k + ": " + v));
        }
        stdout.flush();
        return 0;
    }

    private Scenario scenario(boolean skab) {
        try {
            return new Scenario(
                    agents,
                    rounds,
                    quorum,
                    localEpochs,
                    hidden != null ? hidden : (skab ? List.of(32, 8, 32) : List.of(64, 32)),
                    learningRate != null ? learningRate : (skab ? 0.003 : 0.001),
                    batch,
                    new Compression(topK, int8),
                    Aggregator.parse(aggregator),
                    mu,
                    clip,
                    outlierFactor,
                    secure,
                    drop,
                    noise > 0 ? new DifferentialPrivacy(noise, dpDelta) : DifferentialPrivacy.OFF,
                    roundPeriod,
                    seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Map<String, Object> figures(Confusion c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f1", Jsons.round(c.f1(), 4));
        m.put("far", Jsons.round(c.far(), 2));
        m.put("mar", Jsons.round(c.mar(), 2));
        return m;
    }

    private static double mean(Map<String, Double> values) {
        return Jsons.round(
                values.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(Double.NaN),
                4);
    }

    private static Map<String, Object> rounded(Map<String, Double> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, Jsons.round(v, 4)));
        return m;
    }

    private static void log(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
