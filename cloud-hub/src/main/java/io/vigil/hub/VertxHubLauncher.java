package io.vigil.hub;

import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;

/** The {@link HubLauncher} registered in {@code META-INF/services}: {@code vigil demo} starts the hub through it. */
public final class VertxHubLauncher implements HubLauncher {
    @Override
    public RunningHub start(HubSettings settings) {
        return Hub.start(settings);
    }
}
