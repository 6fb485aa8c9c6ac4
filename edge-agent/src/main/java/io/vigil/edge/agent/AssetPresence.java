package io.vigil.edge.agent;

import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.edge.forward.SparkplugForwarder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each asset is online, from the health of its devices: online while all of them are up; the first device
 * down sends the asset's DDEATH, the last one up its DBIRTH again.
 */
final class AssetPresence {
    private final Map<String, List<DeviceSpec>> devicesByAsset;
    private final SparkplugForwarder forwarder;
    /** Device id → its health; guarded by itself. */
    private final Map<String, DeviceHealth> health = new LinkedHashMap<>();

    AssetPresence(Map<String, List<DeviceSpec>> devicesByAsset, SparkplugForwarder forwarder) {
        this.devicesByAsset = devicesByAsset;
        this.forwarder = forwarder;
    }

    /** A device's health before it started. */
    void register(DeviceSpec device, DeviceHealth initial) {
        synchronized (health) {
            health.put(device.id(), initial);
        }
    }

    void changed(DeviceSpec device, DeviceHealth h) {
        boolean allUp;
        synchronized (health) {
            health.put(device.id(), h);
            allUp = devicesByAsset.get(device.asset()).stream()
                    .allMatch(d -> health.get(d.id()).state() == DeviceHealth.State.UP);
        }
        if (h.state() == DeviceHealth.State.DOWN) {
            forwarder.assetDown(device.asset());
        } else if (allUp) {
            forwarder.assetUp(device.asset());
        }
    }

    /** Each device's health now. */
    Map<String, DeviceHealth> devices() {
        synchronized (health) {
            return Map.copyOf(health);
        }
    }
}
