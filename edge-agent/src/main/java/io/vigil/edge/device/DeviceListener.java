package io.vigil.edge.device;

import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Sample;
import java.util.List;

/** Receives what a {@link DeviceRunner} reads and its state changes; called from the runner's threads. */
public interface DeviceListener {

    void samples(DeviceSpec device, List<Sample> samples);

    /** Called once per change of state (CONNECTING, UP, DOWN), not on every failed retry. */
    void healthChanged(DeviceSpec device, DeviceHealth health);
}
