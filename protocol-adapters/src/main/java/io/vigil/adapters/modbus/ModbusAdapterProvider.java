package io.vigil.adapters.modbus;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;

/** Registers {@link ModbusAdapter} for {@code modbus-tcp} devices, with learned limits kept across restarts. */
public final class ModbusAdapterProvider implements DeviceAdapterProvider {
    @Override
    public Protocol protocol() {
        return Protocol.MODBUS_TCP;
    }

    @Override
    public DeviceAdapter create(DeviceSpec spec) {
        return ModbusAdapter.forAgent(spec);
    }
}
