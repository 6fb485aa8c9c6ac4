package io.vigil.adapters.s7;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import java.util.Optional;

/** Registers {@link S7Adapter} for {@code s7} devices and checks their {@link S7Endpoint}s and {@link S7Address}es. */
public final class S7AdapterProvider implements DeviceAdapterProvider {
    @Override
    public Protocol protocol() {
        return Protocol.S7;
    }

    @Override
    public DeviceAdapter create(DeviceSpec spec) {
        return new S7Adapter(spec);
    }

    @Override
    public String checkEndpoint(String endpoint) {
        S7Endpoint.parse(endpoint);
        return endpoint;
    }

    @Override
    public String checkAddress(String address) {
        S7Address.parse(address, Optional.empty()); // throws with the accepted forms
        return address;
    }

    /** What the address's S7 type, or its access size, says. */
    @Override
    public DataType defaultType(String address) {
        return S7Address.parse(address, Optional.empty()).dataType();
    }

    @Override
    public void checkType(String address, DataType type) {
        S7Address.parse(address, Optional.of(type));
    }
}
