package io.vigil.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil fl start|watch|stop}: live federated rounds through the hub's REST API ({@code /api/v1/fl/rounds}). */
final class RoundCommands {
    private RoundCommands() {}

    /** One line per round state: what an operator follows. */
    static String line(JsonNode r) {
        var b = new StringBuilder()
                .append("round ")
                .append(r.path("id").asLong())
                .append(' ')
                .append(r.path("model").asText())
                .append('@')
                .append(r.path("baseVersion").asText())
                .append(": ")
                .append(r.path("state").asText())
                .append(", ")
                .append(r.path("accepted").size())
                .append('/')
                .append(r.path("participants").size())
                .append(" accepted (quorum ")
                .append(r.path("quorum").asInt())
                .append("), ")
                .append(r.path("rejected").size())
                .append(" rejected, ")
                .append(r.path("bytesReceived").asLong())
                .append(" bytes");
        if (r.path("meanTrainingLoss").isNumber()) {
            b.append(String.format(
                    java.util.Locale.ROOT,
                    ", mean loss %.4g",
                    r.path("meanTrainingLoss").asDouble()));
        }
        if (r.path("epsilon").isNumber()) {
            b.append(String.format(
                    java.util.Locale.ROOT, ", epsilon %.3g", r.path("epsilon").asDouble()));
        }
        for (JsonNode x : r.path("rejected")) {
            b.append("\n  rejected ")
                    .append(x.path("agent").asText())
                    .append(": ")
                    .append(x.path("code").asText())
                    .append(" (")
                    .append(x.path("detail").asText())
                    .append(')');
        }
        if (r.path("resultingVersion").isTextual()) {
            b.append("\n  new version ")
                    .append(r.path("resultingVersion").asText())
                    .append(" is in shadow");
        }
        if (r.path("error").isTextual()) {
            b.append("\n  error: ").append(r.path("error").asText());
        }
        return b.toString();
    }

    /** Whether nothing more will change: over, and registered (or failed to be). */
    static boolean done(JsonNode r) {
        String state = r.path("state").asText();
        return state.equals("failed")
                || state.equals("stopped")
                || (state.equals("closed")
                        && (r.path("resultingVersion").isTextual()
                                || r.path("error").isTextual()));
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Starts a federated round of MODEL on the hub: the ready agents (update key registered,"
                    + " polled within 30 s) are invited, train on their own normal windows and send signed deltas; at"
                    + " quorum or deadline the hub aggregates and registers the next patch version in shadow.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HubOptions hub;

        @Parameters(index = "0", paramLabel = "MODEL", description = "The model id.")
        String model;

        @Option(
                names = "--version",
                paramLabel = "VERSION",
                description = "Base version (default: the promoted one, else the newest).")
        String version;

        @Option(
                names = "--agents",
                paramLabel = "N",
                description = "Participants drawn from the ready agents (0: all).")
        int agents = 0;

        @Option(
                names = "--quorum",
                paramLabel = "N",
                description = "Accepted updates that close the round (0: every participant).")
        int quorum = 0;

        @Option(
                names = "--deadline",
                paramLabel = "DURATION",
                description = "How long the round waits for updates (ISO-8601 or 90s, 5m).")
        String deadline = "60s";

        @Option(
                names = "--local-epochs",
                paramLabel = "N",
                description = "Passes over its own windows each agent makes.")
        int localEpochs = 2;

        @Option(names = "--learning-rate", paramLabel = "RATE", description = "Local Adam step size.")
        double learningRate = 1e-3;

        @Option(names = "--batch", paramLabel = "N", description = "Local mini-batch.")
        int batch = 32;

        @Option(names = "--mu", paramLabel = "MU", description = "FedProx strength (0: FedAvg).")
        double mu = 0;

        @Option(names = "--clip", paramLabel = "NORM", description = "L2 clipping norm of each delta (0: none).")
        double clip = 0;

        @Option(names = "--top-k", paramLabel = "K", description = "Share of delta coordinates sent (1: dense).")
        double topK = 1;

        @Option(names = "--int8", description = "Quantize the deltas to 8 bits.")
        boolean int8;

        @Option(names = "--aggregator", paramLabel = "NAME", description = "fedavg, median, trimmed[:share], krum[:f].")
        String aggregator = "fedavg";

        @Option(
                names = "--outlier-factor",
                paramLabel = "FACTOR",
                description = "Reject deltas longer than this x the round's median (0: off).")
        double outlierFactor = 5;

        @Option(
                names = "--noise",
                paramLabel = "Z",
                description = "Differential privacy noise multiplier (0: off; needs --clip).")
        double noise = 0;

        @Option(names = "--dp-delta", paramLabel = "DELTA", description = "The delta of the (epsilon, delta) reported.")
        double dpDelta = 1e-5;

        @Option(names = "--watch", description = "Follow the round until it is over.")
        boolean watch;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ObjectNode body = Json.mapper().createObjectNode().put("model", model);
            if (version != null) {
                body.put("version", version);
            }
            body.put("agents", agents)
                    .put("quorum", quorum)
                    .put("deadlineSeconds", duration(deadline).toSeconds())
                    .put("localEpochs", localEpochs)
                    .put("learningRate", learningRate)
                    .put("batchSize", batch)
                    .put("mu", mu)
                    .put("clip", clip)
                    .put("topK", topK)
                    .put("int8", int8)
                    .put("aggregator", aggregator)
                    .put("outlierFactor", outlierFactor)
                    .put("noise", noise)
                    .put("dpDelta", dpDelta);
            JsonNode r = Json.mapper()
                    .readTree(hub.send(
                            "POST",
                            "api/v1/fl/rounds",
                            body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            "application/json",
                            "starting a round of " + model));
            PrintWriter out = spec.commandLine().getOut();
            out.println(line(r));
            out.flush();
            if (watch) {
                return Watch.follow(
                        hub,
                        r.path("id").asLong(),
                        Duration.ofSeconds(1),
                        duration(deadline).plusMinutes(1),
                        out);
            }
            return 0;
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Prints a round's state whenever it changes until it is over (or every round, once, without"
                    + " ID). Exit code 0 when the round registered a version, 1 when it failed, stopped or timed out.")
    static final class Watch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HubOptions hub;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The round id.")
        Long id;

        @Option(names = "--interval", paramLabel = "DURATION", description = "How often to ask the hub.")
        String interval = "1s";

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Give up after this long.")
        String timeout = "10m";

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            if (id == null) {
                for (JsonNode r :
                        Json.mapper().readTree(hub.send("GET", "api/v1/fl/rounds", null, null, "listing rounds"))) {
                    out.println(line(r));
                }
                out.flush();
                return 0;
            }
            return follow(hub, id, duration(interval), duration(timeout), out);
        }

        static int follow(HubOptions hub, long id, Duration interval, Duration timeout, PrintWriter out)
                throws IOException, InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            String last = "";
            while (true) {
                JsonNode r = Json.mapper()
                        .readTree(hub.send("GET", "api/v1/fl/rounds/" + id, null, null, "reading round " + id));
                String now = line(r);
                if (!now.equals(last)) {
                    out.println(now);
                    out.flush();
                    last = now;
                }
                if (done(r)) {
                    return r.path("resultingVersion").isTextual() ? 0 : 1;
                }
                if (System.nanoTime() > end) {
                    out.println("round " + id + ": still " + r.path("state").asText() + " after " + timeout);
                    out.flush();
                    return 1;
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stops an open round; the model's weights stay as they were.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HubOptions hub;

        @Parameters(index = "0", paramLabel = "ID", description = "The round id.")
        long id;

        @Override
        public Integer call() throws IOException {
            JsonNode r = Json.mapper()
                    .readTree(hub.send("DELETE", "api/v1/fl/rounds/" + id, null, null, "stopping round " + id));
            spec.commandLine().getOut().println(line(r));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT90S}). */
    static Duration duration(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new UsageException("duration '" + text + "' is not like 90s, 5m, 1h or PT90S");
        }
    }
}
