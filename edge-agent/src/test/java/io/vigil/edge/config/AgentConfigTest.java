package io.vigil.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import io.vigil.core.device.Protocol;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.core.model.Scaler;
import io.vigil.core.tag.DataType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AgentConfigTest {
    static final String VALID =
            """
            agent:
              id: edge-1
              group: plant
            hub:
              mqtt: tcp://127.0.0.1:1883
              publishInterval: 500ms
            devices:
              - id: pump-modbus
                asset: pump-1
                protocol: modbus-tcp
                endpoint: 127.0.0.1:5020/1
                interval: 500ms
                tags:
                  - { id: flow, address: "hr:14", type: float32, unit: "l/min", scale: 1.0, offset: 0.0 }
                  - { id: pressure, address: "hr:16:cdab", unit: bar }
              - id: pump-opc
                asset: pump-2
                protocol: opcua
                endpoint: opc.tcp://127.0.0.1:4840/vigil
                interval: 1s
                tags:
                  - { id: flow, address: "ns=2;s=pump-2.flow" }
                  - { id: pressure, address: "ns=2;s=pump-2.pressure" }
            models:
              - path: models/pump-ae
                assets: [pump-1, pump-2]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeManifest() throws Exception {
        writePumpManifest(dir);
    }

    /** The manifest of model pump-ae, which {@link #VALID} names, in {@code dir/models/pump-ae}. */
    static void writePumpManifest(Path dir) throws Exception {
        var manifest = new ModelManifest(
                "pump-ae",
                "1.0.0",
                "anomaly",
                List.of("flow", "pressure"),
                10,
                2,
                new Scaler(new double[] {0, 0}, new double[] {1, 1}),
                0.5,
                "input",
                "score",
                "0".repeat(64),
                "test");
        Files.createDirectories(dir.resolve("models/pump-ae"));
        Json.mapper().writeValue(dir.resolve("models/pump-ae/manifest.json").toFile(), manifest);
    }

    @Test
    void parsesAValidFileWithDefaults() throws Exception {
        var cfg = AgentConfig.read(write(VALID));

        assertThat(cfg.agent()).isEqualTo(new AgentIdentity("edge-1", "plant"));
        assertThat(cfg.hub().port()).isEqualTo(1883);
        assertThat(cfg.hub().publishInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(cfg.hub().bufferSamples()).isEqualTo(1_000_000);
        assertThat(cfg.devices()).hasSize(2);
        var modbus = cfg.devices().get(0);
        assertThat(modbus.protocol()).isEqualTo(Protocol.MODBUS_TCP);
        assertThat(modbus.tags().get(0).unit()).isEqualTo("l/min");
        assertThat(modbus.tags().get(1).type()).isEqualTo(DataType.FLOAT32);
        assertThat(cfg.devices().get(1).tags().get(0).type()).isEqualTo(DataType.FLOAT64);
        assertThat(cfg.models().get(0).manifest().ref()).isEqualTo("pump-ae@1.0.0");
        assertThat(cfg.models().get(0).resolve(dir)).isEqualTo(dir.resolve("models/pump-ae"));
    }

    @Test
    void readsTheRegistryAndRolloutSectionsWithDefaultsForWhatIsLeftOut() throws Exception {
        Files.writeString(dir.resolve("registry.password"), "s3cret\n");
        String text = VALID
                + """
                registry:
                  url: http://hub.plant:8080
                  user: edge-1
                  passwordFile: registry.password
                  pollInterval: 5s
                rollout:
                  canaryShare: 0.25
                  minDuration: 1m
                """;

        var cfg = AgentConfig.read(write(text));

        var r = cfg.registry().orElseThrow();
        assertThat(r.url()).hasToString("http://hub.plant:8080");
        assertThat(r.user()).contains("edge-1");
        assertThat(r.password()).contains("s3cret");
        assertThat(r.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.modelDir()).isEqualTo(dir.resolve("registry-models"));
        assertThat(cfg.rollout().canaryShare()).isEqualTo(0.25);
        assertThat(cfg.rollout().minDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cfg.rollout().minWindows()).isEqualTo(1000);
        assertThat(AgentConfig.read(write(VALID)).registry()).isEmpty();
    }

    @Test
    void refusesARegistryUrlThatIsNotHttpAndARolloutShareOutOfRange() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(VALID + "registry:\n  url: tcp://hub:1883\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.url")
                .hasMessageContaining("is not http://host:port");
        assertThatThrownBy(() -> AgentConfig.read(write(VALID + "rollout:\n  canaryShare: 1.5\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout")
                .hasMessageContaining("canaryShare 1.5 not in (0, 1]");
    }

    @Test
    void defaultsAgentIdAndGroupWhenAbsent() throws Exception {
        var cfg = AgentConfig.read(
                write(VALID.replace("  id: edge-1\n  group: plant\n", "  {}\n").replace("agent:\n  {}\n", "")));

        assertThat(cfg.agent().group()).isEqualTo("plant");
        assertThat(cfg.agent().id()).matches("[a-z0-9][a-z0-9_.\\-]*");
    }

    @Test
    void reportsUnknownKeyWithLineColumnPathAndExpectedKeys() throws Exception {
        String text =
                VALID.replace("{ id: pressure, address: \"hr:16:cdab\"", "{ id: pressure, adress: \"hr:16:cdab\"");

        assertThatThrownBy(() -> AgentConfig.read(write(text)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml:15:25: devices[0].tags[1].adress: unknown key"
                        + " (expected one of id, address, type, unit, scale, offset, length)");
    }

    @Test
    void reportsWrongTypeAtItsLine() throws Exception {
        String text = VALID.replace("scale: 1.0", "scale: lots");

        assertThatThrownBy(() -> AgentConfig.read(write(text)))
                .hasMessageStartingWith("agent.yaml:14:69:")
                .hasMessageContaining("devices[0].tags[0].scale: expected a number, got 'lots'");
    }

    @Test
    void reportsBadModbusAddressAtItsKey() throws Exception {
        String text = VALID.replace("hr:14", "hr:abc");

        assertThatThrownBy(() -> AgentConfig.read(write(text)))
                .hasMessageStartingWith("agent.yaml:14:21:")
                .hasMessageContaining("devices[0].tags[0].address: 'hr:abc' is not a modbus-tcp address");
    }

    @Test
    void reportsBadValuesFromRecordValidation() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("interval: 1s", "interval: soon"))))
                .hasMessageStartingWith("agent.yaml:20:5: devices[1].interval: 'soon' is not a duration");
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("protocol: opcua", "protocol: profinet"))))
                .hasMessageStartingWith("agent.yaml:18:5: devices[1].protocol: unknown protocol 'profinet'");
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("scale: 1.0", "scale: 0"))))
                .hasMessageStartingWith("agent.yaml:14:69:")
                .hasMessageContaining("devices[0].tags[0].scale: 0.0 must be finite and non-zero");
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("asset: pump-2", "asset: pump 2"))))
                .hasMessageStartingWith("agent.yaml:17:5: devices[1].asset: asset 'pump 2' is not a valid id");
    }

    @Test
    void reportsABitAddressWithANonBoolType() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("hr:14", "co:3"))))
                .hasMessageStartingWith("agent.yaml:14:38: devices[0].tags[0].type: 'co:3' is a bit");
    }

    @Test
    void reportsDuplicateIds() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("id: pump-opc", "id: pump-modbus"))))
                .hasMessage("agent.yaml:16:5: devices[1].id: duplicate device id 'pump-modbus' (also devices[0])");
        assertThatThrownBy(() -> AgentConfig.read(
                        write(VALID.replace("id: pressure, address: \"hr:16", "id: flow, address: \"hr:16"))))
                .hasMessageStartingWith("agent.yaml:15:11:")
                .hasMessageContaining("devices[0].tags[1].id: duplicate tag id 'flow' in asset pump-1");
    }

    @Test
    void reportsModelAssetMissingInputTags() throws Exception {
        String text = VALID.replace(
                "- { id: pressure, address: \"ns=2;s=pump-2.pressure\" }",
                "- { id: temp, address: \"ns=2;s=pump-2.t\" }");

        assertThatThrownBy(() -> AgentConfig.read(write(text)))
                .hasMessageStartingWith("agent.yaml:26:22:")
                .hasMessageContaining(
                        "models[0].assets[1]: asset pump-2 lacks input tags [pressure] of model pump-ae@1.0.0");
    }

    @Test
    void reportsModelAssetNotReadAndMissingPackage() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("[pump-1, pump-2]", "[pump-1, pump-9]"))))
                .hasMessageContaining("models[0].assets[1]: asset 'pump-9' is not read by any device");
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("models/pump-ae", "models/nope"))))
                .hasMessageStartingWith("agent.yaml:25:5: models[0].path: no model package at");
    }

    @Test
    void reportsMissingRequiredKeyAndYamlSyntax() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(VALID.replace("    endpoint: 127.0.0.1:5020/1\n", ""))))
                .hasMessage("agent.yaml:8:5: devices[0].endpoint: required");
        assertThatThrownBy(() -> AgentConfig.read(write("hub: [unclosed\n")))
                .hasMessageStartingWith("agent.yaml:")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void checkCommandExitsZeroForValidAndTwoForBadConfig() throws Exception {
        Path good = write(VALID.replace("models:\n  - path: models/pump-ae\n    assets: [pump-1, pump-2]\n", ""));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, VALID.replace("hr:14", "hr:abc"));
        var err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertThat(VigilCli.execute("agent", "--config", good.toString(), "--check"))
                    .isEqualTo(ExitCodes.OK);
            assertThat(VigilCli.execute("agent", "--config", bad.toString(), "--check"))
                    .isEqualTo(ExitCodes.USAGE);
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString()).contains("bad.yaml:14:21:").contains("'hr:abc' is not a modbus-tcp address");
    }

    @Test
    void checkCommandExitsTwoWhenAModelCannotBeLoaded() throws Exception {
        Path file = write(VALID); // the package has a manifest but no model.onnx
        var err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertThat(VigilCli.execute("agent", "--config", file.toString(), "--check"))
                    .isEqualTo(ExitCodes.USAGE);
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString()).contains("models/pump-ae cannot be loaded").contains("model.onnx");
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, text);
        return file;
    }
}
