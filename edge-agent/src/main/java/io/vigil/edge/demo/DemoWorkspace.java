package io.vigil.edge.demo;

import io.vigil.core.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's data directory: emptied at every start, but only when the demo made it (a marker file says so) or it is
 * empty, so that a mistyped {@code --data-dir} never deletes an operator's files.
 */
final class DemoWorkspace {
    private static final String MARKER = ".vigil-demo";

    private DemoWorkspace() {}

    /**
     * Empties (or creates) {@code dir} and marks it as the demo's.
     *
     * @throws UsageException when {@code dir} holds files the demo did not make
     */
    static Path prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean ours = Files.exists(dir.resolve(MARKER));
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!ours && !empty) {
                throw new UsageException("--data-dir " + dir + " exists and was not made by 'vigil demo'" + " (no "
                        + MARKER + " file); choose an empty or new directory");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "working directory of 'vigil demo'; emptied at every start\n");
        return dir;
    }
}
