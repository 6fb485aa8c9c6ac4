package io.vigil.core.device;

import java.time.Instant;
import java.util.Objects;

/**
 * The connection state of a device as its adapter sees it.
 *
 * @param state up, down or connecting
 * @param detail the last error or a short description; empty when up
 * @param since when the state began
 */
public record DeviceHealth(State state, String detail, Instant since) {
    public enum State {
        CONNECTING,
        UP,
        DOWN
    }

    public DeviceHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        detail = detail == null ? "" : detail;
    }
}
