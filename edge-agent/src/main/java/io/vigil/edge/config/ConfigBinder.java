package io.vigil.edge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.core.cli.DurationConverter;
import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Tags;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.edge.rollout.RolloutPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Turns the loose {@link YamlSections} into validated records. Each value is converted under its own key path, so a
 * problem is reported at the line of that key; cross-checks (duplicate ids, a model's asset missing an input tag) are
 * reported at the later of the two places involved.
 */
final class ConfigBinder {
    private final ConfigReader reader;
    private final Path dir;
    private final Map<String, Map<String, String>> tagPathsByAsset = new LinkedHashMap<>();
    private final Map<String, Set<String>> textTagsByAsset = new HashMap<>();

    ConfigBinder(ConfigReader reader, Path dir) {
        this.reader = reader;
        this.dir = dir;
    }

    AgentConfig bind(YamlSections.Root root) {
        AgentIdentity agent = agent(root.agent());
        HubConfig hub = hub(root.hub());
        List<DeviceSpec> devices = devices(root.devices());
        List<ModelConfig> models = models(root.models());
        Optional<RegistryConfig> registry = registry(root.registry());
        registry.ifPresent(r -> reader.at("registry.url", () -> {
            r.checkCredentials(hub.tls());
            return r;
        }));
        RolloutPolicy rollout = rollout(root.rollout());
        return reader.at("", () -> new AgentConfig(agent, hub, devices, models, registry, rollout));
    }

    /** {@code registry}: the hub's model registry; paths relative to the configuration file's directory. */
    private Optional<RegistryConfig> registry(YamlSections.Registry r) {
        if (r == null) {
            return Optional.empty();
        }
        URI url = reader.at("registry.url", () -> URI.create(require("registry.url", r.url())));
        Optional<String> password = r.passwordFile() == null
                ? Optional.empty()
                : Optional.of(reader.at("registry.passwordFile", () -> firstLine(dir.resolve(r.passwordFile()))));
        Duration poll = reader.at(
                "registry.pollInterval",
                () -> r.pollInterval() == null
                        ? RegistryConfig.DEFAULT_POLL_INTERVAL
                        : DurationConverter.parse(r.pollInterval()));
        Path modelDir = dir.resolve(r.modelDir() == null ? "registry-models" : r.modelDir());
        String where = r.user() == null && r.passwordFile() == null ? "registry.url" : "registry.user";
        return Optional.of(reader.at(
                where, () -> new RegistryConfig(url, Optional.ofNullable(r.user()), password, poll, modelDir)));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readString(file).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code rollout}: each key defaults to {@link RolloutPolicy#defaults()}. */
    private RolloutPolicy rollout(YamlSections.Rollout r) {
        RolloutPolicy d = RolloutPolicy.defaults();
        if (r == null) {
            return d;
        }
        Duration minDuration = reader.at(
                "rollout.minDuration",
                () -> r.minDuration() == null ? d.minDuration() : DurationConverter.parse(r.minDuration()));
        return reader.at(
                "rollout",
                () -> new RolloutPolicy(
                        r.canaryShare() == null ? d.canaryShare() : r.canaryShare(),
                        r.minWindows() == null ? d.minWindows() : r.minWindows(),
                        minDuration,
                        r.minAgreement() == null ? d.minAgreement() : r.minAgreement(),
                        r.minAccuracyGain() == null ? d.minAccuracyGain() : r.minAccuracyGain(),
                        r.maxLatencyRatio() == null ? d.maxLatencyRatio() : r.maxLatencyRatio()));
    }

    private AgentIdentity agent(YamlSections.Agent section) {
        String id = section == null || section.id() == null ? AgentIdentity.defaultId() : section.id();
        String group = section == null || section.group() == null ? AgentIdentity.DEFAULT_GROUP : section.group();
        reader.at("agent.id", () -> Tags.requireValidId("agent id", id));
        reader.at("agent.group", () -> Tags.requireValidId("group", group));
        return new AgentIdentity(id, group);
    }

    private HubConfig hub(YamlSections.Hub section) {
        if (section == null) {
            throw reader.fail("hub", "required (hub: { mqtt: tcp://host:port })");
        }
        URI mqtt = reader.at("hub.mqtt", () -> {
            var uri = URI.create(require("hub.mqtt", section.mqtt()));
            return HubConfig.checkEndpoint(uri);
        });
        Duration interval = reader.at("hub.publishInterval", () -> {
            Duration d = section.publishInterval() == null
                    ? HubConfig.DEFAULT_PUBLISH_INTERVAL
                    : DurationConverter.parse(section.publishInterval());
            return HubConfig.checkPublishInterval(d);
        });
        int buffer = reader.at("hub.bufferSamples", () -> {
            long n = section.bufferSamples() == null ? HubConfig.DEFAULT_BUFFER_SAMPLES : section.bufferSamples();
            if (n < 1 || n > 100_000_000) {
                throw new IllegalArgumentException(n + " is not in 1..100000000");
            }
            return (int) n;
        });
        Optional<TlsConfig> tls = tls(section.tls());
        String where = section.tls() == null ? "hub.mqtt" : "hub.tls";
        return reader.at(where, () -> new HubConfig(mqtt, interval, buffer, tls));
    }

    /** {@code hub.tls}; relative paths are relative to the configuration file's directory. */
    private Optional<TlsConfig> tls(YamlSections.Tls t) {
        if (t == null) {
            return Optional.empty();
        }
        Path keyStore = dir.resolve(require("hub.tls.keystore", t.keystore()));
        Path trustStore = dir.resolve(require("hub.tls.truststore", t.truststore()));
        String password = reader.at("hub.tls", () -> password(t));
        return Optional.of(reader.at("hub.tls", () -> new TlsConfig(keyStore, password, trustStore)));
    }

    private String password(YamlSections.Tls t) {
        if ((t.password() == null) == (t.passwordFile() == null)) {
            throw new IllegalArgumentException("give exactly one of passwordFile (recommended) and password");
        }
        if (t.password() != null) {
            return t.password();
        }
        Path file = dir.resolve(t.passwordFile());
        try {
            return Files.readString(file).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read passwordFile " + file + ": " + e.getMessage());
        }
    }

    private List<DeviceSpec> devices(List<YamlSections.Device> sections) {
        if (sections == null || sections.isEmpty()) {
            throw reader.fail("devices", "at least one device is required");
        }
        var result = new ArrayList<DeviceSpec>();
        var idPaths = new HashMap<String, String>();
        for (int i = 0; i < sections.size(); i++) {
            String p = "devices[" + i + "]";
            DeviceSpec spec = device(p, sections.get(i));
            String earlier = idPaths.putIfAbsent(spec.id(), p);
            if (earlier != null) {
                throw reader.fail(p + ".id", "duplicate device id '" + spec.id() + "' (also " + earlier + ")");
            }
            result.add(spec);
        }
        return result;
    }

    private DeviceSpec device(String p, YamlSections.Device d) {
        if (d == null) {
            throw reader.fail(p, "empty device (expected id, asset, protocol, endpoint, interval, security, tags)");
        }
        String id = reader.at(p + ".id", () -> Tags.requireValidId("device id", require(p + ".id", d.id())));
        String asset = reader.at(p + ".asset", () -> Tags.requireValidId("asset", require(p + ".asset", d.asset())));
        Protocol protocol = reader.at(p + ".protocol", () -> Protocol.parse(require(p + ".protocol", d.protocol())));
        DeviceAdapterProvider provider = reader.at(p + ".protocol", () -> DeviceAdapterProvider.forProtocol(protocol));
        String endpoint =
                reader.at(p + ".endpoint", () -> provider.checkEndpoint(require(p + ".endpoint", d.endpoint())));
        Duration interval = reader.at(p + ".interval", () -> interval(require(p + ".interval", d.interval())));
        if (d.tags() == null || d.tags().isEmpty()) {
            throw reader.fail(p + ".tags", "at least one tag is required");
        }
        var tags = new ArrayList<TagSpec>();
        for (int k = 0; k < d.tags().size(); k++) {
            tags.add(tag(p + ".tags[" + k + "]", provider, asset, d.tags().get(k)));
        }
        DeviceSecurity security = security(p + ".security", provider, d.security());
        return reader.at(p, () -> new DeviceSpec(id, asset, protocol, endpoint, interval, tags, security));
    }

    /**
     * OPC UA only. Relative paths resolve against the config file's directory, except the default PKI directory,
     * which is relative to where the agent runs (so every config of one agent shares one certificate).
     */
    private DeviceSecurity security(String p, DeviceAdapterProvider provider, YamlSections.Security s) {
        if (s == null) {
            return DeviceSecurity.NONE;
        }
        if (!provider.securable()) {
            throw reader.fail(
                    p,
                    "security applies to " + protocolsThat(DeviceAdapterProvider::securable) + " devices only, not "
                            + provider.protocol().configName());
        }
        String policy = s.policy() == null ? "None" : s.policy();
        String mode = s.mode() == null ? (policy.equals("None") ? "None" : "SignAndEncrypt") : s.mode();
        reader.at(p + ".policy", () -> requireOneOf(policy, DeviceSecurity.POLICIES));
        reader.at(p + ".mode", () -> requireOneOf(mode, DeviceSecurity.MODES));
        Path passwordFile = s.passwordFile() == null ? null : dir.resolve(s.passwordFile());
        if (passwordFile != null) {
            reader.at(p + ".passwordFile", () -> {
                if (!Files.isReadable(passwordFile)) {
                    throw new IllegalArgumentException(passwordFile + " cannot be read");
                }
                return passwordFile;
            });
        }
        Path pki = s.pkiDir() == null ? DeviceSecurity.DEFAULT_PKI_DIR : dir.resolve(s.pkiDir());
        return reader.at(p, () -> new DeviceSecurity(policy, mode, s.username(), passwordFile, pki));
    }

    private static String requireOneOf(String value, List<String> accepted) {
        if (!accepted.contains(value)) {
            throw new IllegalArgumentException("'" + value + "' is not one of " + accepted);
        }
        return value;
    }

    private TagSpec tag(String p, DeviceAdapterProvider provider, String asset, YamlSections.Tag t) {
        if (t == null) {
            throw reader.fail(p, "empty tag (expected id, address, type, unit, scale, offset, length)");
        }
        String id = reader.at(p + ".id", () -> Tags.requireValidId("tag id", require(p + ".id", t.id())));
        String earlier =
                tagPathsByAsset.computeIfAbsent(asset, a -> new HashMap<>()).putIfAbsent(id, p);
        if (earlier != null) {
            throw reader.fail(p + ".id", "duplicate tag id '" + id + "' in asset " + asset + " (also " + earlier + ")");
        }
        String address = reader.at(p + ".address", () -> provider.checkAddress(require(p + ".address", t.address())));
        DataType type = reader.at(
                p + ".type", () -> t.type() == null ? provider.defaultType(address) : DataType.parse(t.type()));
        reader.at(p + ".type", () -> {
            if (type.isText() && !provider.readsText()) {
                throw new IllegalArgumentException("string tags are read from "
                        + protocolsThat(DeviceAdapterProvider::readsText) + " devices only, not "
                        + provider.protocol().configName());
            }
            provider.checkType(address, type);
            return type;
        });
        int length = t.length() == null ? 0 : t.length();
        if (type.isText() && t.length() == null) {
            throw reader.fail(
                    p + ".length",
                    "a string tag needs a length: its size in 16-bit registers (2 characters" + " each), 1.."
                            + TagSpec.MAX_STRING_REGISTERS);
        }
        if (type.isText()) {
            textTagsByAsset.computeIfAbsent(asset, a -> new TreeSet<>()).add(id);
        }
        double scale = t.scale() == null ? 1.0 : t.scale();
        double offset = t.offset() == null ? 0.0 : t.offset();
        if (!Double.isFinite(scale) || scale == 0.0) {
            throw reader.fail(p + ".scale", scale + " must be finite and non-zero");
        }
        if (!Double.isFinite(offset)) {
            throw reader.fail(p + ".offset", offset + " must be finite");
        }
        TagSpec tag = reader.at(p, () -> new TagSpec(id, address, type, scale, offset, t.unit(), length));
        reader.at(p + ".address", () -> {
            provider.checkTag(tag);
            return tag;
        });
        return tag;
    }

    /** The config names of the protocols on the class path that can do something, for the message when one cannot. */
    private static String protocolsThat(Predicate<DeviceAdapterProvider> can) {
        return DeviceAdapterProvider.all().stream()
                .filter(can)
                .map(provider -> provider.protocol().configName())
                .sorted()
                .collect(Collectors.joining(" or "));
    }

    private List<ModelConfig> models(List<YamlSections.Model> sections) {
        var result = new ArrayList<ModelConfig>();
        if (sections == null) {
            return result;
        }
        for (int i = 0; i < sections.size(); i++) {
            result.add(model("models[" + i + "]", sections.get(i)));
        }
        return result;
    }

    private ModelConfig model(String p, YamlSections.Model m) {
        if (m == null) {
            throw reader.fail(p, "empty model (expected path, assets)");
        }
        Path path = reader.at(p + ".path", () -> Path.of(require(p + ".path", m.path())));
        ModelManifest manifest = reader.at(p + ".path", () -> readManifest(dir.resolve(path)));
        if (m.assets() == null || m.assets().isEmpty()) {
            throw reader.fail(p + ".assets", "at least one asset is required");
        }
        for (int k = 0; k < m.assets().size(); k++) {
            String ap = p + ".assets[" + k + "]";
            String asset = m.assets().get(k);
            reader.at(ap, () -> checkAssetHasInputs(asset, manifest));
        }
        return reader.at(p, () -> new ModelConfig(path, m.assets(), manifest));
    }

    private String checkAssetHasInputs(String asset, ModelManifest manifest) {
        Map<String, String> tags = tagPathsByAsset.get(asset);
        if (tags == null) {
            throw new IllegalArgumentException(
                    "asset '" + asset + "' is not read by any device (assets: " + tagPathsByAsset.keySet() + ")");
        }
        Set<String> text = new TreeSet<>(manifest.inputTags());
        text.retainAll(textTagsByAsset.getOrDefault(asset, Set.of()));
        if (!text.isEmpty()) {
            throw new IllegalArgumentException("model " + manifest.ref() + " takes string tags " + text + " of asset "
                    + asset + " as inputs; models score numeric tags only");
        }
        Set<String> missing = new TreeSet<>(manifest.inputTags());
        missing.removeAll(tags.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("asset " + asset + " lacks input tags " + missing + " of model "
                    + manifest.ref() + " (it has " + new TreeSet<>(tags.keySet()) + ")");
        }
        return asset;
    }

    static ModelManifest readManifest(Path packageDir) {
        Path file = packageDir.resolve("manifest.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no model package at " + packageDir + " (" + file + " is missing)");
        }
        try {
            return Json.mapper().readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String why = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException(file + " is not a valid manifest: " + why);
        }
    }

    private static Duration interval(String text) {
        Duration d = DurationConverter.parse(text);
        if (d.toMillis() < 10 || d.toMinutes() > 60) {
            throw new IllegalArgumentException(text + " is not between 10ms and 60m");
        }
        return d;
    }

    private String require(String path, String value) {
        if (value == null || value.isBlank()) {
            throw reader.fail(path, "required");
        }
        return value;
    }
}
