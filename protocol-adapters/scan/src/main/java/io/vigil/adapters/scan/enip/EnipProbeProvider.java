package io.vigil.adapters.scan.enip;

import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ProbeContext;
import io.vigil.adapters.scan.ProbeProvider;
import java.util.List;

/** Registers the EtherNet/IP ListIdentity over TCP and UDP (44818) probes with the scanner. */
public final class EnipProbeProvider implements ProbeProvider {
    @Override
    public List<Probe> probes(ProbeContext context) {
        return List.of(new EnipProbe(), new EnipUdpProbe());
    }
}
