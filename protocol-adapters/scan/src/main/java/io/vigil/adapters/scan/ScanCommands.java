package io.vigil.adapters.scan;

import io.vigil.core.cli.CommandProvider;
import java.util.List;

/** Contributes {@code vigil scan}. */
public final class ScanCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new ScanCommand());
    }
}
