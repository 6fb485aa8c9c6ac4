package io.vigil.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.opcua.BrowseCommand;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code security} block of OPC UA devices and S7 devices in {@code agent.yaml}. */
@Timeout(10)
class DeviceSecurityAndS7ConfigTest {
    private static final String OPCUA =
            """
            hub:
              mqtt: tcp://127.0.0.1:1883
            devices:
              - id: press
                asset: press-1
                protocol: opcua
                endpoint: opc.tcp://10.0.0.7:4840
                interval: 1s
                security: SECURITY
                tags:
                  - { id: flow, address: "ns=1;s=pump.flow" }
            """;

    @TempDir
    Path dir;

    private DeviceSpec device(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return AgentConfig.read(file).devices().get(0);
    }

    private DeviceSpec opcua(String security) throws Exception {
        return device(OPCUA.replace("SECURITY", security));
    }

    @Test
    void readsPolicyModeUserAndPasswordFileRelativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("pw.txt"), "secret\n");

        DeviceSecurity s = opcua("{ policy: Basic256Sha256, mode: Sign, username: vigil, passwordFile: pw.txt,"
                        + " pkiDir: pki }")
                .security();

        assertThat(s)
                .isEqualTo(new DeviceSecurity(
                        "Basic256Sha256", "Sign", "vigil", dir.resolve("pw.txt"), dir.resolve("pki")));
    }

    @Test
    void aPolicyWithoutModeMeansSignAndEncryptInTheDefaultPkiDir() throws Exception {
        DeviceSecurity s = opcua("{ policy: Aes256_Sha256_RsaPss }").security();

        assertThat(s.mode()).isEqualTo("SignAndEncrypt");
        assertThat(s.pkiDir()).isEqualTo(Path.of(".vigil/agent/pki"));
    }

    @Test
    void reportsAnUnknownPolicyAndAMissingPasswordFileAtTheirKeys() {
        assertThatThrownBy(() -> opcua("{ policy: Basic128Rsa15 }"))
                .hasMessageContaining(
                        "devices[0].security.policy: 'Basic128Rsa15' is not one of [None, Basic256Sha256");
        assertThatThrownBy(() -> opcua("{ policy: None, mode: Sign }"))
                .hasMessageContaining("policy None goes with mode None only");
        assertThatThrownBy(() -> opcua("{ policy: Basic256Sha256, username: vigil, passwordFile: nope.txt }"))
                .hasMessageContaining("devices[0].security.passwordFile:")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void readsAnS7DeviceWithTypesFromItsAddresses() throws Exception {
        DeviceSpec s7 = device(
                """
                hub:
                  mqtt: tcp://127.0.0.1:1883
                devices:
                  - id: plc
                    asset: line-1
                    protocol: s7
                    endpoint: "10.0.0.9?rack=0&slot=2"
                    interval: 500ms
                    tags:
                      - { id: temp, address: "DB1.DBD0:REAL" }
                      - { id: count, address: "DB1.DBW4" }
                      - { id: running, address: "M0.0" }
                      - { id: total, address: "DB1.DBD8", type: uint32 }
                """);

        assertThat(s7.protocol()).isEqualTo(Protocol.S7);
        assertThat(s7.tags())
                .extracting(t -> t.type())
                .containsExactly(DataType.FLOAT32, DataType.INT16, DataType.BOOL, DataType.UINT32);
    }

    @Test
    void reportsABadS7AddressAndSecurityOnAnS7Device() {
        String base =
                """
                hub:
                  mqtt: tcp://127.0.0.1:1883
                devices:
                  - id: plc
                    asset: line-1
                    protocol: s7
                    endpoint: "10.0.0.9"
                    interval: 500ms
                    EXTRA
                    tags:
                      - { id: temp, address: "ADDRESS" }
                """;
        assertThatThrownBy(() -> device(base.replace("    EXTRA\n", "").replace("ADDRESS", "hr:4")))
                .hasMessageContaining("devices[0].tags[0].address: 'hr:4' is not an S7 address");
        assertThatThrownBy(() -> device(base.replace("EXTRA", "security: { policy: Basic256Sha256 }")
                        .replace("ADDRESS", "DB1.DBW0")))
                .hasMessageContaining("devices[0].security: security applies to opcua devices only, not s7");
    }

    @Test
    void theConfigWrittenByBrowseIsReadByTheAgent() throws Exception {
        Files.writeString(dir.resolve("pw.txt"), "secret\n");
        var security = new DeviceSecurity("Basic256Sha256", "SignAndEncrypt", "vigil", dir.resolve("pw.txt"), dir);
        var tags = List.of(
                new TagSpec("Pump.flow", "ns=1;s=pump.flow", DataType.FLOAT64),
                new TagSpec("Pump.speed", "ns=1;i=1001", DataType.INT32));

        DeviceSpec d = device(BrowseCommand.yaml("opc.tcp://127.0.0.1:4840/x", security, tags, Instant.EPOCH));

        assertThat(d.tags()).isEqualTo(tags);
        assertThat(d.security().policy()).isEqualTo("Basic256Sha256");
        assertThat(d.security().username()).isEqualTo("vigil");
    }

    @Test
    void browseHelpNamesEveryOptionWithItsDefault() {
        var out = new StringWriter();
        new CommandLine(new BrowseCommand()).setOut(new PrintWriter(out)).execute("--help");

        assertThat(out.toString())
                .contains("--depth", "Default: 5", "--max-variables", "Default: 10000", "--emit-config")
                .contains("--security-policy", "--security-mode", "--pki-dir", "Default: .vigil/agent/pki");
    }
}
