package io.vigil.model.cli;

import io.vigil.core.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/data/NAME} by walking up from the working directory (worktrees sit at different depths). */
final class SharedData {
    private SharedData() {}

    static Path find(String name) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new UsageException("no shared/data/" + name + " above " + start + ": give --data DIR");
    }
}
