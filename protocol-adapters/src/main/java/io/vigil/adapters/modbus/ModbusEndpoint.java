package io.vigil.adapters.modbus;

/**
 * A Modbus TCP server and the unit (slave) id behind it: {@code host:port} or {@code host:port/unit}. The unit id
 * defaults to 1; gateways to serial lines route on it, plain TCP devices usually ignore it.
 *
 * @param host name or address of the server
 * @param port TCP port, usually 502
 * @param unitId unit identifier, 0-255
 */
public record ModbusEndpoint(String host, int port, int unitId) {
    public static final int DEFAULT_UNIT_ID = 1;

    public ModbusEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " must be 1-65535");
        }
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id " + unitId + " must be 0-255");
        }
    }

    public static ModbusEndpoint parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            int slash = t.indexOf('/');
            String hostPort = slash < 0 ? t : t.substring(0, slash);
            int unit = slash < 0 ? DEFAULT_UNIT_ID : Integer.parseInt(t.substring(slash + 1));
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("the port is missing");
            }
            return new ModbusEndpoint(
                    hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), unit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Modbus endpoint '" + text + "' is invalid: " + e.getMessage()
                    + " (expected host:port or host:port/unit, e.g. 10.0.0.5:502/1)");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + unitId;
    }
}
