package io.vigil.adapters.sim;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil sim}. */
public final class SimulatorCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new SimCommand());
    }
}
