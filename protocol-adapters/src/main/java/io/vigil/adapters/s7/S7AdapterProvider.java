package io.vigil.adapters.s7;

import io.vigil.core.device.DeviceAdapter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;

/** Registers {@link S7Adapter} for {@code s7} devices. */
public final class S7AdapterProvider implements DeviceAdapterProvider {
    @Override
    public Protocol protocol() {
        return Protocol.S7;
    }

    @Override
    public DeviceAdapter create(DeviceSpec spec) {
        return new S7Adapter(spec);
    }
}
