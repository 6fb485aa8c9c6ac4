package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape every {@code vigil model eval} command shares: check the data, build the protocol's config (a refused
 * setting is a usage error), run it with progress on stderr, print one summary line per export (fp32, and int8 with
 * {@code --int8}) and a count line on stdout, and with {@code --json} end with one JSON object whose top-level figures
 * are those of the served export.
 *
 * @param <F> the figures of one export
 */
abstract class ProtocolEvalCommand<F> implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--int8", description = "Also export with int8 weights and report both.")
    boolean int8;

    @Option(names = "--json", description = "Print the figures as one JSON object on the last stdout line.")
    boolean json;

    /**
     * What a protocol run gives back.
     *
     * @param fp32 figures of the float32 export
     * @param int8 figures of the int8 export, or {@code null}
     * @param countKey the JSON key of {@code count} ({@code experiments}, {@code engines})
     * @param count how many units were evaluated
     * @param countLine the last text line without the time ({@code experiments 34})
     */
    record Outcome<F>(F fp32, F int8, String countKey, int count, String countLine) {}

    /** Refuses a missing or wrong data directory with a {@link UsageException}. */
    abstract void checkData();

    /** Runs the protocol; an {@link IllegalArgumentException} from building its config becomes a usage error. */
    abstract Outcome<F> evaluate(Consumer<String> progress);

    /** One stdout line for an export. */
    abstract String summary(String name, F figures);

    /** The JSON figures of an export. */
    abstract Map<String, Object> figures(F figures);

    @Override
    public Integer call() {
        checkData();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Outcome<F> outcome = evaluate(line -> {
            err.println(line);
            err.flush();
        });
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary("fp32", outcome.fp32()));
        if (outcome.int8() != null) {
            out.println(summary("int8", outcome.int8()));
        }
        out.println(outcome.countLine() + ", " + seconds + " s");
        if (json) {
            out.println(Jsons.line(json(outcome, seconds)));
        }
        out.flush();
        return 0;
    }

    /** Builds a protocol config, turning its refusal into a usage error (exit code 2, no stack trace). */
    static <C> C config(Supplier<C> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Map<String, Object> json(Outcome<F> outcome, long seconds) {
        F served = outcome.int8() != null ? outcome.int8() : outcome.fp32();
        Map<String, Object> map = new LinkedHashMap<>(figures(served));
        map.put("quantized", outcome.int8() != null);
        if (outcome.int8() != null) {
            map.put("fp32", figures(outcome.fp32()));
            map.put("int8", figures(outcome.int8()));
        }
        map.put(outcome.countKey(), outcome.count());
        map.put("seconds", seconds);
        return map;
    }
}
