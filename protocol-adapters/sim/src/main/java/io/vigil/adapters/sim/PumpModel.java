package io.vigil.adapters.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The project's own synthetic pump, with SKAB's eight signals at SKAB-like magnitudes (0.026 g, 0.040 g, 1.3 A,
 * 0.25 bar, 79 degC, 26 degC, 233 V, 32 l/min).
 *
 * <p>How the healthy pump moves: every signal carries its own first-order autoregressive noise (time constant
 * {@value #NOISE_TAU_S} s), and a shared slow "load" factor (time constant {@value #LOAD_TAU_S} s) moves current, flow,
 * pressure, vibration and voltage together, so the signals are correlated the way a real loop's are. The two
 * temperatures follow a slow thermal cycle ({@value #THERMAL_PERIOD_S} s). The AR noise is advanced by the plant time
 * elapsed since the last step, so the statistics do not depend on the tick.
 *
 * <p>Faults come from a {@link FaultSchedule} (or {@link #inject}); each reaches full strength over
 * {@value #RAMP_S} s and shifts at least two signals by many standard deviations of the healthy noise. The model
 * draws the same random numbers whether or not a fault is active, so outside faults a faulty run and a healthy run of
 * the same seed are identical.
 *
 * <p>Deterministic per seed and sequence of plant times. Not thread-safe: step it from one thread.
 */
public final class PumpModel implements SignalSource {
    static final double NOISE_TAU_S = 1.5;
    static final double LOAD_TAU_S = 20;
    static final double THERMAL_PERIOD_S = 1800;
    static final double RAMP_S = 2;

    private static final double[] BASE = {0.0265, 0.0400, 1.30, 0.25, 79.0, 26.0, 233.0, 32.0};
    private static final double[] NOISE = {0.0004, 0.0006, 0.05, 0.03, 0.05, 0.01, 2.0, 0.3};
    private static final double[] LOAD = {0.00015, 0.0002, 0.04, 0.015, 0.2, 0.0, -0.8, 0.2};
    private static final double[] THERMAL = {0, 0, 0, 0, 1.0, 0.1, 0, 0};

    private final SplittableRandom random;
    private final FaultSchedule schedule;
    private final Instant epoch;
    private final double thermalPhase;
    private final double[] noise = new double[BASE.length];
    private double load;
    private Duration last = Duration.ZERO;
    private volatile PlantInterval manual;

    /** A pump whose faults follow {@code schedule}; plant time is given to {@link #sample(Duration)}. */
    public PumpModel(long seed, FaultSchedule schedule) {
        this(seed, schedule, Instant.EPOCH);
    }

    /**
     * A healthy pump (no scheduled faults) whose plant time zero is {@code start}, for callers that step it with
     * wall-clock instants through {@link #sample(Instant)}.
     */
    public PumpModel(long seed, Instant start) {
        this(seed, FaultSchedule.NONE, start);
    }

    private PumpModel(long seed, FaultSchedule schedule, Instant epoch) {
        this.random = new SplittableRandom(seed);
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.epoch = Objects.requireNonNull(epoch, "start");
        this.thermalPhase = random.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < noise.length; i++) {
            noise[i] = gauss();
        }
        this.load = gauss();
    }

    /**
     * {@code rows} fault-free readings {@code step} apart, as {@code double[rows][8]} in the order of
     * {@link PumpTags#ids()}: training data without starting any server.
     */
    public static double[][] normalRows(long seed, int rows, Duration step) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows " + rows + " must be zero or more");
        }
        if (step == null || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step " + step + " must be positive");
        }
        var pump = new PumpModel(seed, FaultSchedule.NONE);
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = pump.sample(step.multipliedBy(i)).toArray();
        }
        return out;
    }

    /** The reading at the plant time {@code Duration.between(start, now)}; see {@link #PumpModel(long, Instant)}. */
    public PumpReading sample(Instant now) {
        return sample(Duration.between(epoch, now));
    }

    /** Advances the pump to {@code plantTime} (earlier times count as no time passing) and reads its instruments. */
    @Override
    public PumpReading sample(Duration plantTime) {
        double dt = Math.max(0, plantTime.minus(last).toNanos() / 1e9);
        if (plantTime.compareTo(last) > 0) {
            last = plantTime;
        }
        advanceNoise(dt);
        double t = plantTime.toNanos() / 1e9;
        double thermal = Math.sin(2 * Math.PI * t / THERMAL_PERIOD_S + thermalPhase);
        double[] v = new double[BASE.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = BASE[i] + NOISE[i] * noise[i] + LOAD[i] * load + THERMAL[i] * thermal;
        }
        double[] extra = {gauss(), gauss(), gauss()};
        activeAt(plantTime).ifPresent(f -> applyFault(f, plantTime, v, extra));
        return PumpReading.of(v);
    }

    /** The fault showing at {@code plantTime}: an injected one first, else the schedule's. */
    public Optional<FaultKind> faultAt(Duration plantTime) {
        return activeAt(plantTime).map(PlantInterval::kind);
    }

    /** Forces a fault from plant time {@code from} for {@code length}, on top of the schedule (an extra for demos). */
    public void inject(FaultKind kind, Duration from, Duration length) {
        Objects.requireNonNull(kind, "kind");
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("fault length " + length + " must be positive");
        }
        manual = new PlantInterval(kind, from, from.plus(length));
    }

    @Override
    public List<PlantInterval> faults(Duration horizon) {
        var faults = new ArrayList<>(schedule.until(horizon));
        PlantInterval m = manual;
        if (m != null && m.start().compareTo(horizon) < 0) {
            faults.add(m);
            faults.sort((a, b) -> a.start().compareTo(b.start()));
        }
        return faults;
    }

    private Optional<PlantInterval> activeAt(Duration plantTime) {
        PlantInterval m = manual;
        if (m != null && m.contains(plantTime)) {
            return Optional.of(m);
        }
        return schedule.at(plantTime);
    }

    private void advanceNoise(double dt) {
        double phi = Math.exp(-dt / NOISE_TAU_S);
        double kick = Math.sqrt(1 - phi * phi);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = phi * noise[i] + kick * gauss();
        }
        double phiLoad = Math.exp(-dt / LOAD_TAU_S);
        load = phiLoad * load + Math.sqrt(1 - phiLoad * phiLoad) * gauss();
    }

    /** Adds a fault's signature to the healthy values {@code v}; {@code g} are three fresh standard normals. */
    private static void applyFault(PlantInterval fault, Duration plantTime, double[] v, double[] g) {
        double t = plantTime.toNanos() / 1e9;
        double s = Math.min(1.0, (t - fault.start().toNanos() / 1e9) / RAMP_S);
        switch (fault.kind()) {
            case VALVE_CLOSURE -> {
                v[7] -= 12.0 * s;
                v[3] += 0.45 * s;
                v[2] -= 0.12 * s;
            }
            case CAVITATION -> {
                v[3] += s * (-0.12 + 0.08 * g[0]);
                v[0] += s * (0.004 + 0.002 * Math.abs(g[1]));
                v[1] += s * (0.006 + 0.003 * Math.abs(g[1]));
                v[7] += s * (-1.5 + 1.2 * g[2]);
            }
            case ROTOR_IMBALANCE -> {
                v[0] += 0.010 * s;
                v[1] += 0.016 * s;
                v[2] += 0.2 * s * Math.sin(2 * Math.PI * t / 2.5);
                v[4] += 0.5 * s;
            }
            case REPLAYED -> {}
        }
    }

    private double gauss() {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
