package io.vigil.edge.demo;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Registers {@code vigil demo}. */
public final class DemoCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new DemoCommand());
    }
}
