package io.vigil.bench.protocol;

import io.vigil.core.json.Json;
import java.io.IOException;
import java.util.Map;

/** Prints a benchmark's figures: a table, or one JSON object on the last line of stdout. */
final class BenchJson {
    private BenchJson() {}

    static void print(Map<String, Object> figures, boolean json) throws IOException {
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(figures));
        } else {
            figures.forEach((k, v) -> System.out.printf("%-34s %s%n", k, v));
        }
        System.out.flush();
    }
}
