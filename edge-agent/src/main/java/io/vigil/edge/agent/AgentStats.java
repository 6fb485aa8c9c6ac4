package io.vigil.edge.agent;

import io.vigil.core.device.DeviceHealth;
import java.util.Map;

/**
 * A snapshot of what the agent has done since it started.
 *
 * @param samplesRead samples delivered by devices
 * @param rows window rows formed, over all assets and models
 * @param rowsSkipped rows skipped because an input was missing, BAD or stale
 * @param windowsScored windows scored
 * @param anomalies anomaly events raised
 * @param published items (samples, scores, events) handed to MQTT; a resend after a reconnect counts again
 * @param acked items the hub acknowledged
 * @param buffered items held in the store-and-forward buffer
 * @param dropped items dropped because the buffer was full
 * @param hubConnected whether the MQTT session to the hub is up
 * @param devices health per device id
 */
public record AgentStats(
        long samplesRead,
        long rows,
        long rowsSkipped,
        long windowsScored,
        long anomalies,
        long published,
        long acked,
        long buffered,
        long dropped,
        boolean hubConnected,
        Map<String, DeviceHealth> devices) {
    public AgentStats {
        devices = Map.copyOf(devices);
    }

    public long devicesUp() {
        return devices.values().stream()
                .filter(h -> h.state() == DeviceHealth.State.UP)
                .count();
    }

    public long devicesDown() {
        return devices.size() - devicesUp();
    }

    /** The one-line status the agent command prints every 10 s. */
    public String statusLine() {
        return String.format(
                "devices %d up / %d down, hub %s, samples %d, windows %d, anomalies %d, buffered %d, dropped %d",
                devicesUp(),
                devicesDown(),
                hubConnected ? "connected" : "DISCONNECTED",
                samplesRead,
                windowsScored,
                anomalies,
                buffered,
                dropped);
    }
}
