package io.vigil.adapters.opcua;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil browse}. */
public final class OpcUaCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new BrowseCommand());
    }
}
