package io.vigil.hub;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil hub}. */
public final class HubCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new HubCommand());
    }
}
