package io.vigil.bench.inference;

import io.vigil.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/** Printing the figures (a table, or one JSON line) and removing the temporary model packages. */
final class BenchOutput {
    private BenchOutput() {}

    static void print(Map<String, Object> figures, boolean json) throws IOException {
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(figures));
        } else {
            figures.forEach((k, v) -> System.out.printf("%-24s %s%n", k, v));
        }
        System.out.flush();
    }

    static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
