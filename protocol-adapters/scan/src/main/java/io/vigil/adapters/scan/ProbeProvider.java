package io.vigil.adapters.scan;

import java.util.List;

/**
 * The probes of one protocol family, found by the {@link Scanner} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.vigil.adapters.scan.ProbeProvider}). The scan core therefore never names a protocol
 * package: the sub-packages depend on it, never the reverse, and a new protocol is one package plus one line in that
 * file.
 */
public interface ProbeProvider {

    /** This family's probes, built with the scan's clock and random source. */
    List<Probe> probes(ProbeContext context);
}
