package io.vigil.edge.demo;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.tag.TagSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@code agent.yaml} for devices the demo knows, so the demo's agent starts from the same kind of file an
 * operator writes (and the file is left behind as an example).
 */
final class AgentConfigWriter {
    private AgentConfigWriter() {}

    static Path write(
            Path file, String agentId, URIHolder hub, List<DeviceSpec> devices, Path modelDir, List<String> assets)
            throws IOException {
        var y = new StringBuilder();
        y.append("# Written by 'vigil demo'. Every key is described in docs/CONFIG.md (Agent configuration).\n");
        y.append("agent:\n  id: ").append(agentId).append("\n  group: plant\n");
        y.append("hub:\n  mqtt: ").append(hub.mqtt()).append("\n  publishInterval: 1s\n");
        y.append("devices:\n");
        for (DeviceSpec d : devices) {
            y.append("  - id: ").append(d.id()).append('\n');
            y.append("    asset: ").append(d.asset()).append('\n');
            y.append("    protocol: ").append(d.protocol().configName()).append('\n');
            y.append("    endpoint: \"").append(d.endpoint()).append("\"\n");
            y.append("    interval: ").append(d.interval().toMillis()).append("ms\n");
            y.append("    tags:\n");
            for (TagSpec t : d.tags()) {
                y.append("      - { id: ")
                        .append(t.id())
                        .append(", address: \"")
                        .append(t.address())
                        .append("\", type: ")
                        .append(t.type().name().toLowerCase(Locale.ROOT))
                        .append(", unit: \"")
                        .append(t.unit())
                        .append("\", scale: ")
                        .append(t.scale())
                        .append(", offset: ")
                        .append(t.offset())
                        .append(" }\n");
            }
        }
        y.append("models:\n  - path: ")
                .append(file.getParent().relativize(modelDir))
                .append('\n');
        y.append("    assets: [").append(String.join(", ", assets)).append("]\n");
        y.append("registry:                  # follow the hub's model registry (vigil model push / promote)\n");
        y.append("  url: ").append(hub.http()).append('\n');
        y.append("  pollInterval: 2s\n");
        y.append("rollout:                   # shorter stages than the defaults, so a demo rollout is seen\n");
        y.append("  canaryShare: 0.5\n  minWindows: 200\n  minDuration: 1m\n");
        Files.writeString(file, y);
        return file;
    }

    /** The hub addresses: MQTT, where the agent publishes, and HTTP, where its model registry is. */
    record URIHolder(String mqtt, String http) {}
}
