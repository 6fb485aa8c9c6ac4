package io.vigil.adapters.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the plant simulator.
 *
 * @param host address both servers bind and advertise; default {@code 127.0.0.1}
 * @param modbusPort Modbus TCP port, 0 for a free one; default 5020 (502 needs root)
 * @param opcUaPort OPC UA port, 0 for a free one; default 4840
 * @param pumps how many pumps, 1-100; default 2
 * @param tick plant time between two value updates, 10 ms to 60 s; default 500 ms. The wall-clock period is
 *     {@code tick / speed}, but never below {@link #MIN_PERIOD} (beyond that the plant moves more per update)
 * @param seed seed of the synthetic pumps' noise (pump {@code n} uses {@code seed + n - 1}), so runs replay; default 42
 * @param speed plant seconds per wall second, 0 &lt; speed &lt;= 1000; default 1 (real time)
 * @param replay a SKAB-format CSV to replay on every pump instead of the synthetic model; default none
 */
public record SimulatorSettings(
        String host,
        int modbusPort,
        int opcUaPort,
        int pumps,
        Duration tick,
        long seed,
        double speed,
        Optional<Path> replay) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MODBUS_PORT = 5020;
    public static final int DEFAULT_OPCUA_PORT = 4840;
    public static final int DEFAULT_PUMPS = 2;
    public static final Duration DEFAULT_TICK = Duration.ofMillis(500);
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_SPEED = 1.0;
    public static final double MAX_SPEED = 1000.0;
    /** The shortest wall-clock period between two updates. */
    public static final Duration MIN_PERIOD = Duration.ofMillis(10);

    public SimulatorSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("simulator host is empty");
        }
        requirePort("Modbus port", modbusPort);
        requirePort("OPC UA port", opcUaPort);
        if (pumps < 1 || pumps > 100) {
            throw new IllegalArgumentException("pumps " + pumps + " must be 1-100");
        }
        if (tick == null || tick.toMillis() < 10 || tick.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("tick " + tick + " must be between 10 ms and 60 s");
        }
        requireSpeed(speed);
        Objects.requireNonNull(replay, "replay (use Optional.empty())");
    }

    /** Real time, synthetic pumps: the settings before {@code speed} and {@code replay} existed. */
    public SimulatorSettings(String host, int modbusPort, int opcUaPort, int pumps, Duration tick, long seed) {
        this(host, modbusPort, opcUaPort, pumps, tick, seed, DEFAULT_SPEED, Optional.empty());
    }

    /** The defaults: both servers on loopback at their usual simulator ports, real time, synthetic pumps. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(
                DEFAULT_HOST, DEFAULT_MODBUS_PORT, DEFAULT_OPCUA_PORT, DEFAULT_PUMPS, DEFAULT_TICK, DEFAULT_SEED);
    }

    /** Loopback on free ports: for tests and for a demo that must not collide with anything. */
    public static SimulatorSettings ephemeral(int pumps) {
        return new SimulatorSettings(DEFAULT_HOST, 0, 0, pumps, DEFAULT_TICK, DEFAULT_SEED);
    }

    public SimulatorSettings withSpeed(double newSpeed) {
        return new SimulatorSettings(host, modbusPort, opcUaPort, pumps, tick, seed, newSpeed, replay);
    }

    public SimulatorSettings withTick(Duration newTick) {
        return new SimulatorSettings(host, modbusPort, opcUaPort, pumps, newTick, seed, speed, replay);
    }

    public SimulatorSettings withReplay(Path file) {
        return new SimulatorSettings(host, modbusPort, opcUaPort, pumps, tick, seed, speed, Optional.of(file));
    }

    /** The wall-clock time between two updates: {@code tick / speed}, at least {@link #MIN_PERIOD}. */
    public Duration period() {
        long nanos = Math.round(tick.toNanos() / speed);
        return Duration.ofNanos(Math.max(nanos, MIN_PERIOD.toNanos()));
    }

    static void requireSpeed(double speed) {
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed " + speed + " must be above 0 and at most " + MAX_SPEED);
        }
    }

    private static void requirePort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + " " + port + " must be 0-65535");
        }
    }
}
