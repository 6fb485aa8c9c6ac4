package io.vigil.core.wire;

import io.vigil.core.sample.Tags;
import java.util.Objects;
import java.util.Optional;

/**
 * A Sparkplug B topic: {@code spBv1.0/GROUP/TYPE/EDGE_NODE[/DEVICE]}. In Vigil the edge node is the agent and the
 * device is the asset.
 */
public record SparkplugTopic(String group, MessageType type, String edgeNode, Optional<String> device) {
    public static final String NAMESPACE = "spBv1.0";

    public SparkplugTopic {
        Tags.requireValidId("sparkplug group", group);
        Objects.requireNonNull(type, "type");
        Tags.requireValidId("sparkplug edge node", edgeNode);
        device = device == null ? Optional.empty() : device;
        device.ifPresent(d -> Tags.requireValidId("sparkplug device", d));
        if (type.isDeviceLevel() != device.isPresent()) {
            throw new IllegalArgumentException(
                    "sparkplug " + type + " " + (device.isPresent() ? "must not" : "must") + " name a device");
        }
    }

    public static SparkplugTopic node(String group, MessageType type, String edgeNode) {
        return new SparkplugTopic(group, type, edgeNode, Optional.empty());
    }

    public static SparkplugTopic device(String group, MessageType type, String edgeNode, String device) {
        return new SparkplugTopic(group, type, edgeNode, Optional.of(device));
    }

    /** Parses a topic, with a message that names what is wrong with it. */
    public static SparkplugTopic parse(String topic) {
        String[] parts = topic == null ? new String[0] : topic.split("/", -1);
        if (parts.length < 4 || parts.length > 5 || !NAMESPACE.equals(parts[0])) {
            throw new IllegalArgumentException("topic '" + topic + "' is not spBv1.0/GROUP/TYPE/EDGE_NODE[/DEVICE]");
        }
        MessageType type;
        try {
            type = MessageType.valueOf(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("topic '" + topic + "': unknown message type '" + parts[2] + "'");
        }
        return new SparkplugTopic(
                parts[1], type, parts[3], parts.length == 5 ? Optional.of(parts[4]) : Optional.empty());
    }

    @Override
    public String toString() {
        return NAMESPACE + "/" + group + "/" + type + "/" + edgeNode
                + device.map(d -> "/" + d).orElse("");
    }
}
