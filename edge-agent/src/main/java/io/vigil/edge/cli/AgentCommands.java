package io.vigil.edge.cli;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil agent} to the launcher. */
public final class AgentCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new AgentCommand());
    }
}
