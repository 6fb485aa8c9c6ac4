package io.vigil.adapters.opcua;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;

/** Registers {@link OpcUaAdapter} for {@code opcua} devices. */
public final class OpcUaAdapterProvider implements DeviceAdapterProvider {
    @Override
    public Protocol protocol() {
        return Protocol.OPC_UA;
    }

    @Override
    public DeviceAdapter create(DeviceSpec spec) {
        return new OpcUaAdapter(spec);
    }
}
