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

    /**
     * This probe's place when a port of unknown purpose gets every probe, lowest first. The chatty protocols go first:
     * an S7 or OPC UA server answers a foreign frame by closing at once, while a Modbus device stays silent until the
     * timeout. Probes ranked after those three run only if the host's circuit breaker is still closed, so a silent port
     * stops costing time early. Ranks in use: S7 10, OPC UA 20, Modbus 30, MQTT 40, EtherNet/IP 50, BACnet 60,
     * EtherNet/IP over UDP 70, MQTT over TLS 80.
     */
    int rank();

    Findings run(HostSession session, ScanTarget target) throws IOException;
}
