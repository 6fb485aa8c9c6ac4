package io.vigil.core.device;

import java.util.ServiceLoader;

/** Creates adapters for one protocol; registered in {@code META-INF/services}. */
public interface DeviceAdapterProvider {

    Protocol protocol();

    DeviceAdapter create(DeviceSpec spec);

    /** The adapter for the spec's protocol, or an exception naming the protocol when none is on the class path. */
    static DeviceAdapter forSpec(DeviceSpec spec) {
        for (DeviceAdapterProvider provider : ServiceLoader.load(DeviceAdapterProvider.class)) {
            if (provider.protocol() == spec.protocol()) {
                return provider.create(spec);
            }
        }
        throw new IllegalStateException("no adapter for protocol "
                + spec.protocol().configName() + " (device " + spec.id() + ") on the class path");
    }
}
