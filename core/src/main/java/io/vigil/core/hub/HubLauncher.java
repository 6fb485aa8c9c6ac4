package io.vigil.core.hub;

import java.util.ServiceLoader;

/**
 * Starts a hub in this process. {@code cloud-hub} registers the implementation in {@code META-INF/services}, so the
 * demo can start one without a compile-time dependency on the hub application.
 */
public interface HubLauncher {

    /** Starts every part of the hub and returns once it accepts connections; throws with a clear reason otherwise. */
    RunningHub start(HubSettings settings);

    static HubLauncher find() {
        return ServiceLoader.load(HubLauncher.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "the cloud hub is not on the class path (vigil-cloud-hub jar missing from the distribution)"));
    }
}
