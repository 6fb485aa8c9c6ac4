package io.vigil.edge.config;

import io.vigil.adapters.s7.S7Address;
import io.vigil.adapters.s7.S7Endpoint;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Syntax checks for endpoints and tag addresses, per protocol, so that a typo is a config error with a line number
 * rather than a device that never comes up.
 */
final class Endpoints {
    private static final Pattern MODBUS_ENDPOINT = Pattern.compile("([^:/\\s]+):(\\d{1,5})(/(\\d{1,3}))?");
    private static final Pattern MODBUS_ADDRESS =
            Pattern.compile("(?i)(hr|ir|co|di):(\\d{1,5})(:(abcd|cdab|badc|dcba))?");
    private static final Pattern NODE_ID = Pattern.compile("((ns=\\d+|nsu=[^;]+);)?[sigb]=.+");

    private Endpoints() {}

    static String checkEndpoint(Protocol protocol, String endpoint) {
        return switch (protocol) {
            case MODBUS_TCP -> checkModbusEndpoint(endpoint);
            case OPC_UA -> checkOpcUaEndpoint(endpoint);
            case S7 -> {
                S7Endpoint.parse(endpoint);
                yield endpoint;
            }
        };
    }

    static String checkAddress(Protocol protocol, String address) {
        boolean ok =
                switch (protocol) {
                    case MODBUS_TCP -> modbusAddressOk(address);
                    case OPC_UA -> NODE_ID.matcher(address).matches();
                    case S7 -> {
                        S7Address.parse(address, Optional.empty()); // throws with the accepted forms
                        yield true;
                    }
                };
        if (!ok) {
            throw new IllegalArgumentException("'" + address + "' is not a " + protocol.configName() + " address ("
                    + (protocol == Protocol.MODBUS_TCP
                            ? "TABLE:OFFSET[:ORDER]: hr, ir, co or di, offset 0..65535, order abcd, cdab, badc or dcba"
                            : "a NodeId such as ns=2;s=pump-1.flow")
                    + ")");
        }
        return address;
    }

    /** Coils and discrete inputs hold bits: their tags must be {@code bool}; strings are read from Modbus only. */
    static void checkType(Protocol protocol, String address, DataType type) {
        if (type.isText() && protocol != Protocol.MODBUS_TCP) {
            throw new IllegalArgumentException(
                    "string tags are read from modbus-tcp devices only, not " + protocol.configName());
        }
        String table = address.length() > 2 ? address.substring(0, 2).toLowerCase(java.util.Locale.ROOT) : "";
        if (protocol == Protocol.MODBUS_TCP && (table.equals("co") || table.equals("di")) && type != DataType.BOOL) {
            throw new IllegalArgumentException(
                    "'" + address + "' is a bit (coil or discrete input), so the type must be bool, not " + type);
        }
        if (protocol == Protocol.S7) {
            S7Address.parse(address, Optional.of(type));
        }
    }

    /**
     * The default data type when a tag names none: Modbus registers hold float32, OPC UA variables doubles, S7
     * addresses what their S7 type (or access size) says.
     */
    static DataType defaultType(Protocol protocol, String address) {
        if (protocol == Protocol.MODBUS_TCP && address.matches("(?i)(co|di):.*")) {
            return DataType.BOOL;
        }
        if (protocol == Protocol.S7) {
            return S7Address.parse(address, Optional.empty()).dataType();
        }
        return protocol == Protocol.MODBUS_TCP ? DataType.FLOAT32 : DataType.FLOAT64;
    }

    private static boolean modbusAddressOk(String address) {
        var m = MODBUS_ADDRESS.matcher(address);
        return m.matches() && Integer.parseInt(m.group(2)) <= 65535;
    }

    private static String checkModbusEndpoint(String endpoint) {
        var m = MODBUS_ENDPOINT.matcher(endpoint);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + endpoint + "' is not host:port or host:port/unit");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of '" + endpoint + "' is not in 1..65535");
        }
        if (m.group(4) != null && Integer.parseInt(m.group(4)) > 255) {
            throw new IllegalArgumentException("unit id " + m.group(4) + " of '" + endpoint + "' is not in 0..255");
        }
        return endpoint;
    }

    private static String checkOpcUaEndpoint(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + endpoint + "' is not a URI: " + e.getMessage());
        }
        if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + endpoint + "' is not opc.tcp://host:port/path");
        }
        return endpoint;
    }
}
