package io.vigil.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil model list|shadow|canary|promote|rollback|decisions}: the hub's registry from the command line. */
final class StageCommands {
    static final List<String> ACTIONS = List.of("shadow", "canary", "promote", "rollback");

    private StageCommands() {}

    static String check(String action) {
        if (!ACTIONS.contains(action)) {
            throw new UsageException("stage '" + action + "' is not one of " + ACTIONS);
        }
        return action;
    }

    static void move(HubOptions hub, String model, String version, String action, PrintWriter out) throws IOException {
        String body = hub.send(
                "POST",
                "api/v1/models/" + model + "/versions/" + version + "/" + check(action),
                null,
                null,
                action + " " + model + "@" + version);
        JsonNode v = Json.mapper().readTree(body);
        out.printf(
                "%s@%s is %s (by %s at %s)%n",
                model,
                version,
                v.path("stage").asText(),
                v.path("stageBy").asText(),
                v.path("stageAt").asText());
    }

    /** Base of the four stage commands. */
    abstract static class Move implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HubOptions hub;

        @Parameters(index = "0", paramLabel = "MODEL", description = "The model id.")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version.")
        String version;

        abstract String action();

        @Override
        public Integer call() throws IOException {
            move(hub, model, version, action(), spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Makes a version the model's candidate in SHADOW: agents score every window with it beside"
                    + " the serving version and publish nothing of it. A previous candidate is retired.")
    static final class Shadow extends Move {
        @Override
        String action() {
            return "shadow";
        }
    }

    @Command(
            name = "canary",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Makes a version the model's candidate in CANARY: agents publish its scores for the canary"
                    + " share of the model's assets (rollout.canaryShare of agent.yaml).")
    static final class Canary extends Move {
        @Override
        String action() {
            return "canary";
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Makes a version the one agents serve; the version serving before is retired. Agents swap"
                    + " it in without dropping a window.")
    static final class Promote extends Move {
        @Override
        String action() {
            return "promote";
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Takes a version off (rolled_back): a candidate stops; a promoted version gives way to the"
                    + " version it replaced.")
    static final class Rollback extends Move {
        @Override
        String action() {
            return "rollback";
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Lists the registry's models and versions with their stages.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HubOptions hub;

        @Option(names = "--json", description = "Print the hub's JSON answer as it is.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            String body = hub.send("GET", "api/v1/models", null, null, "listing models");
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(body);
            } else {
                out.printf("%-20s %-12s %-12s %-20s %s%n", "MODEL", "VERSION", "STAGE", "BY", "SHA256");
                for (JsonNode m : Json.mapper().readTree(body)) {
                    for (JsonNode v : m.path("versions")) {
                        out.printf(
                                "%-20s %-12s %-12s %-20s %s%n",
                                v.path("model").asText(),
                                v.path("version").asText(),
                                v.path("stage").asText(),
                                v.path("stageBy").asText(),
                                v.path("sha256").asText().substring(0, 12));
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "decisions",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Lists the rollout decisions agents reported for a model, with their figures.")
    static final class Decisions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HubOptions hub;

        @Parameters(paramLabel = "MODEL", description = "The model id.")
        String model;

        @Override
        public Integer call() throws IOException {
            String body = hub.send("GET", "api/v1/models/" + model + "/decisions", null, null, "listing decisions");
            var out = spec.commandLine().getOut();
            for (JsonNode d : Json.mapper().readTree(body)) {
                out.printf(
                        "%s %s %s@%s %s -> %s: %s (figures %s)%n",
                        d.path("time").asText(),
                        d.path("agent").asText(),
                        d.path("model").asText(),
                        d.path("version").asText(),
                        d.path("from").asText(),
                        d.path("to").asText(),
                        d.path("reason").asText(),
                        d.path("figures"));
            }
            out.flush();
            return 0;
        }
    }
}
