package io.vigil.adapters.opcua;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import java.net.URI;
import java.util.regex.Pattern;

/** Registers {@link OpcUaAdapter} for {@code opcua} devices and checks their endpoint URIs and NodeIds. */
public final class OpcUaAdapterProvider implements DeviceAdapterProvider {
    private static final Pattern NODE_ID = Pattern.compile("((ns=\\d+|nsu=[^;]+);)?[sigb]=.+");

    @Override
    public Protocol protocol() {
        return Protocol.OPC_UA;
    }

    @Override
    public DeviceAdapter create(DeviceSpec spec) {
        return new OpcUaAdapter(spec);
    }

    @Override
    public String checkEndpoint(String endpoint) {
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

    @Override
    public String checkAddress(String address) {
        if (!NODE_ID.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + address + "' is not a "
                    + protocol().configName() + " address (a NodeId such as ns=2;s=pump-1.flow)");
        }
        return address;
    }

    /** OPC UA variables are read as doubles unless the config says otherwise. */
    @Override
    public DataType defaultType(String address) {
        return DataType.FLOAT64;
    }

    @Override
    public boolean securable() {
        return true;
    }
}
