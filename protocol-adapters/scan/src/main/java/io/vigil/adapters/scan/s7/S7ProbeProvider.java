package io.vigil.adapters.scan.s7;

import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ProbeContext;
import io.vigil.adapters.scan.ProbeProvider;
import java.util.List;

/** Registers the S7 probe (port 102; it tells S7comm from S7comm-plus) with the scanner. */
public final class S7ProbeProvider implements ProbeProvider {
    @Override
    public List<Probe> probes(ProbeContext context) {
        return List.of(new S7Probe());
    }
}
