package io.vigil.adapters.scan;

import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a {@link ProbeProvider} may build its probes with: the scan's clock (certificate validity, timestamps) and the
 * random source for client ids and nonces.
 */
public record ProbeContext(Clock clock, RandomGenerator random) {
    public ProbeContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }
}
