package io.vigil.model.cli;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil model} and {@code vigil fl}. */
public final class ModelCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new ModelCommand(), new FlCommand());
    }
}
