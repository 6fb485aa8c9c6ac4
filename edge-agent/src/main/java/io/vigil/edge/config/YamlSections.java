package io.vigil.edge.config;

import java.util.List;

/**
 * The shape of {@code agent.yaml} as Jackson binds it: loose types (durations and enums as text) so that every value
 * problem is reported by {@link ConfigReader} with its own message and line, not Jackson's.
 */
final class YamlSections {
    private YamlSections() {}

    record Root(Agent agent, Hub hub, List<Device> devices, List<Model> models, Registry registry, Rollout rollout) {}

    record Registry(String url, String user, String passwordFile, String pollInterval, String modelDir) {}

    record Rollout(
            Double canaryShare,
            Integer minWindows,
            String minDuration,
            Double minAgreement,
            Double minAccuracyGain,
            Double maxLatencyRatio) {}

    record Agent(String id, String group) {}

    record Hub(String mqtt, String publishInterval, Long bufferSamples, Tls tls) {}

    record Tls(String keystore, String password, String passwordFile, String truststore) {}

    record Device(
            String id,
            String asset,
            String protocol,
            String endpoint,
            String interval,
            Security security,
            List<Tag> tags) {}

    record Security(String policy, String mode, String username, String passwordFile, String pkiDir) {}

    record Tag(String id, String address, String type, String unit, Double scale, Double offset, Integer length) {}

    record Model(String path, List<String> assets) {}
}
