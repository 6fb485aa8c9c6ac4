package io.vigil.adapters.scan.opcua;

import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ProbeContext;
import io.vigil.adapters.scan.ProbeProvider;
import java.util.List;

/** Registers the OPC UA binary (port 4840) probe with the scanner. */
public final class OpcUaProbeProvider implements ProbeProvider {
    @Override
    public List<Probe> probes(ProbeContext context) {
        return List.of(new OpcUaProbe(context.clock()));
    }
}
