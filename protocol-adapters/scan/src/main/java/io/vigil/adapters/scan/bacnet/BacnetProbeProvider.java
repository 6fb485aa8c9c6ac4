package io.vigil.adapters.scan.bacnet;

import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ProbeContext;
import io.vigil.adapters.scan.ProbeProvider;
import java.util.List;

/** Registers the BACnet/IP (UDP 47808) probe with the scanner. */
public final class BacnetProbeProvider implements ProbeProvider {
    @Override
    public List<Probe> probes(ProbeContext context) {
        return List.of(new BacnetProbe());
    }
}
