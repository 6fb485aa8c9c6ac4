package io.vigil.adapters.scan.modbus;

import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ProbeContext;
import io.vigil.adapters.scan.ProbeProvider;
import java.util.List;

/** Registers the Modbus TCP (port 502) probe with the scanner. */
public final class ModbusProbeProvider implements ProbeProvider {
    @Override
    public List<Probe> probes(ProbeContext context) {
        return List.of(new ModbusProbe());
    }
}
