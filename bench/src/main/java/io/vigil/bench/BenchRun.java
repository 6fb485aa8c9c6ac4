package io.vigil.bench;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape every {@code vigil bench} command shares, so that a bench command holds only its options and its
 * algorithm. The options are checked first ({@link #check()}; an {@link IllegalArgumentException} from a settings
 * record becomes a usage error, exit code 2). Progress goes to stderr. The figures come back as one ordered map and
 * are printed as a table, or with {@code --json} as one JSON object on the last line of stdout: scripts and
 * docs/BENCHMARKS.md read that line, so nothing may print to stdout after it. A bench that writes files asks for
 * {@link #scratch()}, which is removed afterwards whether the bench succeeded or not.
 */
public abstract class BenchRun implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the figures as one JSON object on the last line of stdout.")
    boolean json;

    private Path scratch;

    /** Refuses bad options before anything starts; the message names the option and the value. */
    protected void check() {}

    /** Runs the bench, reporting progress to {@code progress}, and returns its figures in print order. */
    protected abstract Map<String, ?> measure(PrintStream progress) throws Exception;

    /** A temporary directory of this run ({@code vigil-bench-NAME…}), created on first use. */
    protected final Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("vigil-bench-" + spec.name());
        }
        return scratch;
    }

    @Override
    public final Integer call() throws Exception {
        try {
            check();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            print(measure(System.err), json, System.out);
        } finally {
            if (scratch != null) {
                delete(scratch);
            }
        }
        return ExitCodes.OK;
    }

    static void print(Map<String, ?> figures, boolean json, PrintStream out) throws IOException {
        if (json) {
            out.println(Json.mapper().writeValueAsString(figures));
        } else {
            int width = figures.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
            figures.forEach((k, v) -> out.printf("%-" + width + "s %s%n", k, v));
        }
        out.flush();
    }

    static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
