package io.vigil.adapters.scan;

import java.io.IOException;

/**
 * The native fingerprint of one protocol. A probe opens its connections through the {@link HostSession} it is given
 * (so pacing, timeouts and the frame guard always apply), records what it learns in {@link Findings}, and returns
 * them. A reply that does not parse throws {@link MalformedReplyException}; silence throws an {@link IOException}.
 */
public interface Probe {

    /** The protocol whose frames this probe sends (the guard checks every frame against it). */
    ScanProtocol protocol();

    /** True for a probe that speaks UDP: it still runs on a port that refused TCP connections. */
    default boolean datagram() {
        return false;
    }

    /** The port this probe runs on by default. */
    int nativePort();

    Findings run(HostSession session, ScanTarget target) throws IOException;
}
