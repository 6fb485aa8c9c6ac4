package io.vigil.adapters.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A centrifugal pump reduced to the signals a predictive-maintenance model watches. The healthy pump follows a slow
 * demand cycle (period {@link #DEMAND_PERIOD}) plus Gaussian sensor noise; an injected {@link Fault} adds its signature,
 * scaled by a severity that ramps linearly from 0 to 1. Values are a pure function of the time and the noise stream,
 * so a seeded model replays exactly.
 *
 * <p>Not thread-safe: the simulator samples every pump from its one tick thread.
 */
public final class PumpModel {
    static final Duration DEMAND_PERIOD = Duration.ofMinutes(5);

    private final SplittableRandom noise;
    private final double phase;
    private volatile FaultState fault;

    private record FaultState(Fault fault, Instant since, Duration ramp) {}

    public PumpModel(long seed, Instant start) {
        this.noise = new SplittableRandom(seed);
        this.phase = noise.nextDouble() * 2 * Math.PI;
        this.fault = new FaultState(Fault.NONE, start, Duration.ZERO);
    }

    /** Starts a fault now; it reaches full severity after {@code ramp} (zero: at once). Replaces any earlier fault. */
    public void inject(Fault kind, Instant now, Duration ramp) {
        Objects.requireNonNull(kind, "fault");
        if (ramp == null || ramp.isNegative()) {
            throw new IllegalArgumentException("fault ramp " + ramp + " must be zero or positive");
        }
        fault = new FaultState(kind, now, ramp);
    }

    public Fault fault() {
        return fault.fault();
    }

    /** How far the current fault has progressed at {@code now}, 0 to 1. */
    public double severity(Instant now) {
        FaultState f = fault;
        if (f.fault() == Fault.NONE || now.isBefore(f.since())) {
            return 0.0;
        }
        if (f.ramp().isZero()) {
            return 1.0;
        }
        double elapsed = Duration.between(f.since(), now).toMillis();
        return Math.min(1.0, elapsed / f.ramp().toMillis());
    }

    public PumpReading sample(Instant now) {
        double demand = Math.sin(
                2 * Math.PI * (now.toEpochMilli() % DEMAND_PERIOD.toMillis()) / DEMAND_PERIOD.toMillis() + phase);
        double s = severity(now);
        Fault kind = fault.fault();
        double flow = 120 + 6 * demand + gauss(0.8);
        double pressure = 6.0 - 0.25 * demand + gauss(0.05);
        double current = 18 + 0.6 * demand + gauss(0.15);
        double temp = 55 + 0.8 * demand + gauss(0.2);
        double vibration = 2.0 + Math.abs(gauss(0.15));
        switch (kind) {
            case BEARING_WEAR -> {
                vibration += s * (6.0 + Math.abs(gauss(1.0)));
                temp += 25 * s;
                current += 1.5 * s;
            }
            case CAVITATION -> {
                pressure -= s * (1.5 + Math.abs(gauss(0.4)));
                flow -= s * (25 + gauss(6));
                vibration += s * (2.0 + Math.abs(gauss(0.8)));
            }
            case BLOCKAGE -> {
                flow -= 60 * s;
                pressure += 1.2 * s;
                current -= 3 * s;
            }
            case NONE -> {}
        }
        return new PumpReading(flow, pressure, current, temp, Math.max(0, vibration), true);
    }

    private double gauss(double sigma) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - noise.nextDouble();
        double u2 = noise.nextDouble();
        return sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
