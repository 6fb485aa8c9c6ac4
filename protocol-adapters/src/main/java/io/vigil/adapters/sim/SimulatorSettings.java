package io.vigil.adapters.sim;

import java.time.Duration;

/**
 * How to run the plant simulator.
 *
 * @param host address both servers bind and advertise; default {@code 127.0.0.1}
 * @param modbusPort Modbus TCP port, 0 for a free one; default 5020 (502 needs root)
 * @param opcUaPort OPC UA port, 0 for a free one; default 4840
 * @param pumps how many pumps, 1-100; default 2
 * @param tick how often the values change, 10 ms to 60 s; default 100 ms
 * @param seed seed of the sensor noise, so runs replay; default 42
 */
public record SimulatorSettings(String host, int modbusPort, int opcUaPort, int pumps, Duration tick, long seed) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MODBUS_PORT = 5020;
    public static final int DEFAULT_OPCUA_PORT = 4840;
    public static final int DEFAULT_PUMPS = 2;
    public static final Duration DEFAULT_TICK = Duration.ofMillis(100);
    public static final long DEFAULT_SEED = 42;

    public SimulatorSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("simulator host is empty");
        }
        requirePort("Modbus port", modbusPort);
        requirePort("OPC UA port", opcUaPort);
        if (pumps < 1 || pumps > 100) {
            throw new IllegalArgumentException("pumps " + pumps + " must be 1-100");
        }
        if (tick == null || tick.toMillis() < 10 || tick.toSeconds() > 60) {
            throw new IllegalArgumentException("tick " + tick + " must be between 10 ms and 60 s");
        }
    }

    /** The defaults: both servers on loopback at their usual simulator ports. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(
                DEFAULT_HOST, DEFAULT_MODBUS_PORT, DEFAULT_OPCUA_PORT, DEFAULT_PUMPS, DEFAULT_TICK, DEFAULT_SEED);
    }

    /** Loopback on free ports: for tests and for a demo that must not collide with anything. */
    public static SimulatorSettings ephemeral(int pumps) {
        return new SimulatorSettings(DEFAULT_HOST, 0, 0, pumps, DEFAULT_TICK, DEFAULT_SEED);
    }

    private static void requirePort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + " " + port + " must be 0-65535");
        }
    }
}
