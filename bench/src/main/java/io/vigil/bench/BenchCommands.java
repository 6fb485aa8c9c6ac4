package io.vigil.bench;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil bench} (on the class path only when the launcher runs {@code vigil bench}). */
public final class BenchCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand());
    }
}
