package io.vigil.edge.config;

import io.vigil.core.device.DeviceSpec;
import io.vigil.edge.rollout.RolloutPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code agent.yaml}: who the agent is, where the hub is, what it reads and what it scores. Read one with
 * {@link #read(Path)}; every problem in the file is a {@link ConfigException} naming its line and key.
 */
public record AgentConfig(
        AgentIdentity agent,
        HubConfig hub,
        List<DeviceSpec> devices,
        List<ModelConfig> models,
        Optional<RegistryConfig> registry,
        RolloutPolicy rollout) {
    /** A configuration without the hub's model registry, with the default rollout policy. */
    public AgentConfig(AgentIdentity agent, HubConfig hub, List<DeviceSpec> devices, List<ModelConfig> models) {
        this(agent, hub, devices, models, Optional.empty(), RolloutPolicy.defaults());
    }

    public AgentConfig {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(hub, "hub");
        registry = registry == null ? Optional.empty() : registry;
        registry.ifPresent(r -> r.checkCredentials(hub.tls()));
        rollout = rollout == null ? RolloutPolicy.defaults() : rollout;
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("devices is empty");
        }
        devices = List.copyOf(devices);
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Reads and validates a config file (and the manifests of the models it names). */
    public static AgentConfig read(Path file) {
        return new ConfigReader(file).read();
    }

    /** The devices of each asset, in config order. */
    public Map<String, List<DeviceSpec>> devicesByAsset() {
        var map = new LinkedHashMap<String, List<DeviceSpec>>();
        devices.forEach(
                d -> map.computeIfAbsent(d.asset(), a -> new ArrayList<>()).add(d));
        return map;
    }
}
