package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

class BenchRunTest {

    @Test
    void jsonFiguresAreOneObjectOnTheLastLine() throws Exception {
        var figures = new LinkedHashMap<String, Object>();
        figures.put("bench", "probe");
        figures.put("models", Map.of("pump/fp32", Map.of("p99_us", 12.5)));
        var out = new ByteArrayOutputStream();

        BenchRun.print(figures, true, new PrintStream(out, true, StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(Json.mapper()
                        .readTree(lines.get(0))
                        .at("/models/pump~1fp32/p99_us")
                        .asDouble())
                .isEqualTo(12.5);
        assertThat(Json.mapper().readTree(lines.get(0)).fieldNames())
                .toIterable()
                .containsExactly("bench", "models");
    }

    @Test
    void theTableAlignsValuesPastTheLongestKey() throws Exception {
        var figures = new LinkedHashMap<String, Object>();
        figures.put("a", 1);
        figures.put("windows_per_s", 2);
        var out = new ByteArrayOutputStream();

        BenchRun.print(figures, false, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("a" + " ".repeat(14) + " 1", "windows_per_s" + " ".repeat(2) + " 2");
    }

    @Test
    void aBadOptionIsAUsageErrorAndNothingRuns() {
        var bench = new RefusingBench();
        new CommandLine(bench).parseArgs("--json");

        assertThatThrownBy(bench::call).isInstanceOf(UsageException.class).hasMessage("--rate -1 must be positive");
        assertThat(bench.measured).isFalse();
    }

    @Test
    void theScratchDirectoryIsRemovedEvenWhenTheBenchFails() {
        var bench = new FailingBench();
        new CommandLine(bench).parseArgs();

        assertThatThrownBy(bench::call)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("device gone");
        assertThat(bench.dir).isNotNull().doesNotExist();
        assertThat(bench.dir.getFileName().toString()).startsWith("vigil-bench-failing");
    }

    @Test
    void everyBenchKeepsItsNameAndOptions() {
        // the options people and docs/BENCHMARKS.md use: a rename here breaks recorded commands
        var expected = new TreeMap<String, List<String>>(Map.of(
                "hotswap", List.of("--burst", "--duration", "--json", "--swap-every"),
                "inference", List.of("--duration", "--json", "--warmup"),
                "inference-jmh", List.of("--forks", "--iterations", "--json", "--warmup-iterations"),
                "ingest",
                        List.of(
                                "--batch-rows",
                                "--broker",
                                "--broker-receive-maximum",
                                "--broker-sessions",
                                "--connections",
                                "--copy-duration",
                                "--copy-mode",
                                "--data-dir",
                                "--db",
                                "--duration",
                                "--in-flight",
                                "--json",
                                "--progress-every",
                                "--samples-per-message",
                                "--tags",
                                "--writers"),
                "modbus-poll", List.of("--duration", "--json", "--registers", "--tags", "--warmup"),
                "opcua-subscribe",
                        List.of(
                                "--duration",
                                "--interval",
                                "--items",
                                "--json",
                                "--period",
                                "--pipeline",
                                "--server-limit",
                                "--warmup"),
                "query", List.of("--data-dir", "--hours", "--json", "--queries", "--series", "--warmup"),
                "scan", List.of("--json", "--modbus", "--opcua", "--parallel-hosts", "--silent", "--targets")));

        var group = new CommandLine(new BenchCommand());
        var actual = group.getSubcommands().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().getCommandSpec().options().stream()
                                .map(OptionSpec::longestName)
                                .filter(n -> !n.equals("--help") && !n.equals("--version"))
                                .sorted()
                                .toList(),
                        (a, b) -> a,
                        TreeMap::new));

        assertThat(actual).isEqualTo(expected);
        assertThat(group.getSubcommands().values().stream().map(CommandLine::getCommand))
                .allMatch(BenchRun.class::isInstance, "a BenchRun");
    }

    @Command(name = "refusing")
    static final class RefusingBench extends BenchRun {
        final int rate = -1;
        boolean measured;

        @Override
        protected void check() {
            if (rate < 1) {
                throw new IllegalArgumentException("--rate " + rate + " must be positive");
            }
        }

        @Override
        protected Map<String, ?> measure(PrintStream progress) {
            measured = true;
            return Map.of();
        }
    }

    @Command(name = "failing")
    static final class FailingBench extends BenchRun {
        Path dir;

        @Override
        protected Map<String, ?> measure(PrintStream progress) throws Exception {
            dir = scratch();
            Files.writeString(Files.createDirectories(dir.resolve("model")).resolve("model.onnx"), "bytes");
            throw new IllegalStateException("device gone");
        }
    }
}
