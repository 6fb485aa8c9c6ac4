package io.vigil.adapters.modbus;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Registers {@link ModbusAdapter} for {@code modbus-tcp} devices, with learned limits kept across restarts, and checks
 * the {@link ModbusEndpoint} and {@link ModbusAddress} syntax of their config.
 */
public final class ModbusAdapterProvider implements DeviceAdapterProvider {
    private static final Pattern ENDPOINT = Pattern.compile("([^:/\\s]+):(\\d{1,5})(/(\\d{1,3}))?");
    private static final Pattern ADDRESS = Pattern.compile("(?i)(hr|ir|co|di):(\\d{1,5})(:(abcd|cdab|badc|dcba))?");
    private static final Pattern BITS = Pattern.compile("(?i)(co|di):.*");

    @Override
    public Protocol protocol() {
        return Protocol.MODBUS_TCP;
    }

    @Override
    public DeviceAdapter create(DeviceSpec spec) {
        return ModbusAdapter.forAgent(spec);
    }

    @Override
    public String checkEndpoint(String endpoint) {
        var m = ENDPOINT.matcher(endpoint);
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

    @Override
    public String checkAddress(String address) {
        var m = ADDRESS.matcher(address);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new IllegalArgumentException(
                    "'" + address + "' is not a " + protocol().configName()
                            + " address (TABLE:OFFSET[:ORDER]: hr, ir, co or di, offset 0..65535, order abcd, cdab, badc or"
                            + " dcba)");
        }
        return address;
    }

    /** Registers hold float32 unless the config says otherwise; coils and discrete inputs hold bits. */
    @Override
    public DataType defaultType(String address) {
        return BITS.matcher(address).matches() ? DataType.BOOL : DataType.FLOAT32;
    }

    /** Coils and discrete inputs hold bits: their tags must be {@code bool}. */
    @Override
    public void checkType(String address, DataType type) {
        String table = address.length() > 2 ? address.substring(0, 2).toLowerCase(Locale.ROOT) : "";
        if ((table.equals("co") || table.equals("di")) && type != DataType.BOOL) {
            throw new IllegalArgumentException(
                    "'" + address + "' is a bit (coil or discrete input), so the type must be bool, not " + type);
        }
    }

    /** A string's length must fit the address range, and its word order must keep the text readable. */
    @Override
    public void checkTag(TagSpec tag) {
        ModbusAddress.of(tag);
    }

    @Override
    public boolean readsText() {
        return true;
    }
}
