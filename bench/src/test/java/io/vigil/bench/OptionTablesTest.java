package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.cli.VigilCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The option tables in the README and in the reference pages say what {@code --help} says: every option they name
 * exists with that default, and the reference ({@code docs/CONFIG.md} for the commands, {@code docs/BENCHMARKS.md}
 * for {@code vigil bench}) lists every option of every command, so an option added in code but not documented fails
 * here as much as a documented one that is gone. The README may pick the settings people change most. The bench
 * module sees every command, as {@code vigil} does at run time.
 */
class OptionTablesTest {
    /** Surefire runs tests in the module's directory; the docs are in the repository root beside it. */
    private static final Path ROOT = Path.of("..");

    private static final List<String> REFERENCE = List.of("docs/CONFIG.md", "docs/BENCHMARKS.md");

    @Test
    void readmeOptionTablesMatchTheCommandLine() throws IOException {
        var commands = commands();
        var readme = page("README.md");

        assertThat(readme.tables()).as("option tables in README.md").isNotEmpty();
        var problems = new ArrayList<String>();
        for (var table : readme.tables()) {
            problems.addAll(check(readme.page(), table, commands, false));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void referenceDocumentsEveryOptionOfEveryCommandOnce() throws IOException {
        var commands = commands();
        var problems = new ArrayList<String>();
        var documented = new LinkedHashMap<String, String>();
        for (String name : REFERENCE) {
            var page = page(name);
            for (var table : page.tables()) {
                problems.addAll(check(page.page(), table, commands, true));
                String where = page.page() + ":" + table.line();
                String earlier = documented.put(table.command(), where);
                if (earlier != null) {
                    problems.add(where + ": " + table.command() + " is documented already at " + earlier);
                }
            }
        }
        commands.forEach((name, spec) -> {
            if (!arguments(spec).isEmpty() && !documented.containsKey(name)) {
                var table = new StringBuilder(name + " has options but no table in " + REFERENCE + "; for example:\n"
                        + "### `" + name + "`\n\n| option | default | meaning |\n|---|---|---|");
                arguments(spec).forEach(arg -> table.append('\n').append(row(arg)));
                problems.add(table.toString());
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void findsAMissingOptionAWrongDefaultAndAnUnknownOne() {
        var spec = CommandSpec.create().name("tool");
        spec.addOption(OptionSpec.builder("--port")
                .type(int.class)
                .defaultValue("8080")
                .build());
        spec.addOption(OptionSpec.builder("--host")
                .type(String.class)
                .paramLabel("HOST")
                .defaultValue("127.0.0.1")
                .build());
        spec.addOption(OptionSpec.builder("--json").type(boolean.class).build());
        var page = OptionTables.parse(
                "t.md",
                String.join(
                        "\n",
                        "### `vigil tool`",
                        "| option | default | meaning |",
                        "|---|---|---|",
                        "| `--port P` | `8081` | port |",
                        "| `--json` | off | JSON |",
                        "| `--colour C` | none | gone |"));

        assertThat(check("t.md", page.tables().get(0), Map.of("vigil tool", spec), true))
                .containsExactlyInAnyOrder(
                        "t.md:4: vigil tool --port: documented default `8081`, the command line's is `8080`",
                        "t.md:6: vigil tool has no option --colour",
                        "t.md:2: vigil tool --host is not documented: | `--host HOST` | `127.0.0.1` |  |");
    }

    /** Every command {@code vigil} offers, by its full name ({@code vigil hub user add}). */
    private static Map<String, CommandSpec> commands() {
        var all = new LinkedHashMap<String, CommandSpec>();
        collect(VigilCli.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine line, Map<String, CommandSpec> all) {
        all.put(line.getCommandSpec().qualifiedName(), line.getCommandSpec());
        line.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    private static List<String> check(
            String page, OptionTables.Table table, Map<String, CommandSpec> commands, boolean complete) {
        var problems = new ArrayList<String>();
        String at = page + ":" + table.line();
        CommandSpec spec = commands.get(table.command());
        if (spec == null) {
            problems.add(at + ": the table documents " + table.command() + ", which is not a command");
            return problems;
        }
        var seen = new TreeSet<String>();
        for (var row : table.rows()) {
            String rowAt = page + ":" + row.line() + ": " + table.command();
            ArgSpec arg = find(spec, row);
            if (arg == null) {
                problems.add(rowAt + " has no " + (row.positional() ? "parameter " : "option ")
                        + row.names().get(0));
                continue;
            }
            seen.add(key(arg));
            String problem = defaultProblem(arg, row);
            if (problem != null) {
                problems.add(rowAt + " " + key(arg) + ": " + problem);
            }
        }
        if (complete) {
            for (ArgSpec arg : arguments(spec)) {
                if (!seen.contains(key(arg))) {
                    problems.add(at + ": " + table.command() + " " + key(arg) + " is not documented: " + row(arg));
                }
            }
        }
        return problems;
    }

    private static ArgSpec find(CommandSpec spec, OptionTables.Row row) {
        if (row.positional()) {
            return spec.positionalParameters().stream()
                    .filter(p -> label(p).equals(row.names().get(0)))
                    .findFirst()
                    .orElse(null);
        }
        OptionSpec option = spec.findOption(row.names().get(0));
        if (option == null || !option.hidden() && row.names().stream().allMatch(n -> spec.findOption(n) == option)) {
            return option;
        }
        return null;
    }

    /**
     * A flag is documented {@code off} or {@code on}; an option with a default names it in a code span; one without
     * a default (picocli leaves the field as the code set it, which may be computed) says so in words.
     */
    private static String defaultProblem(ArgSpec arg, OptionTables.Row row) {
        if (arg instanceof OptionSpec option && option.arity().max() == 0) {
            boolean on = Boolean.parseBoolean(
                    Objects.toString(option.defaultValue() != null ? option.defaultValue() : option.initialValue()));
            String expected = on ? "on" : "off";
            return row.defaultWords().equals(expected)
                    ? null
                    : "a flag, so its default is " + expected + ", documented '" + row.defaultWords() + "'";
        }
        String expected = defaultOf(arg);
        if (expected == null) {
            return row.defaultCode() == null
                    ? null
                    : "documented default `" + row.defaultCode() + "`, the command line has none (say it in words)";
        }
        return expected.equals(row.defaultCode())
                ? null
                : "documented default "
                        + (row.defaultCode() == null ? "'" + row.defaultWords() + "'" : "`" + row.defaultCode() + "`")
                        + ", the command line's is `" + expected + "`";
    }

    /**
     * What {@code --help} shows as the default: the annotation's {@code defaultValue}, else the value the field
     * starts with; none when that is null, empty or an empty list, or when the option is required. A list is written
     * as it is typed, {@code 32,8,32}.
     */
    static String defaultOf(ArgSpec arg) {
        if (arg.required()) {
            return null; // what the field starts with is never used: the command line must give it
        }
        if (arg.defaultValue() != null) {
            return arg.defaultValue().isEmpty() ? null : arg.defaultValue();
        }
        Object initial = arg.initialValue();
        String value = initial instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : initial == null ? null : String.valueOf(initial);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A table row for an argument, as the reference writes it: the failure message shows what to add. */
    private static String row(ArgSpec arg) {
        String name = arg instanceof OptionSpec o
                ? o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel())
                : label((PositionalParamSpec) arg);
        String def = arg instanceof OptionSpec o && o.arity().max() == 0
                ? Boolean.parseBoolean(Objects.toString(defaultOf(arg))) ? "on" : "off"
                : defaultOf(arg) == null ? (arg.required() ? "(required)" : "none") : "`" + defaultOf(arg) + "`";
        return "| `" + name + "` | " + def + " | " + String.join(" ", arg.description()) + " |";
    }

    /** The options and parameters a user can give: not the standard help options, not hidden ones. */
    private static List<ArgSpec> arguments(CommandSpec spec) {
        var args = new ArrayList<ArgSpec>();
        spec.options().stream()
                .filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp())
                .forEach(args::add);
        spec.positionalParameters().stream().filter(p -> !p.hidden()).forEach(args::add);
        return args;
    }

    private static String key(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : label((PositionalParamSpec) arg);
    }

    private static String label(PositionalParamSpec p) {
        return p.paramLabel().replace("...", "").replaceAll("[<>\\[\\]]", "").trim();
    }

    private static OptionTables page(String name) throws IOException {
        return OptionTables.parse(name, Files.readString(ROOT.resolve(name), StandardCharsets.UTF_8));
    }
}
