package io.vigil.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.tag.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: string} tags in agent.yaml: length in registers, Modbus only, never a model input. */
@Timeout(30)
class StringTagConfigTest {
    private static final String STATE = "- { id: pressure, address: \"hr:16:cdab\", unit: bar }";

    @TempDir
    Path dir;

    @BeforeEach
    void writeManifest() throws Exception {
        AgentConfigTest.writePumpManifest(dir);
    }

    /** The valid file with {@code tag} added after the Modbus device's second tag. */
    private static String withTag(String tag) {
        String valid = AgentConfigTest.VALID;
        int at = valid.indexOf(STATE) + STATE.length();
        return valid.substring(0, at) + "\n      " + tag + valid.substring(at);
    }

    @Test
    void readsAStringTagWithItsLength() throws Exception {
        var cfg =
                AgentConfig.read(write(withTag("- { id: state, address: \"hr:100:badc\", type: string, length: 8 }")));

        var tag = cfg.devices().get(0).tags().get(2);
        assertThat(tag.type()).isEqualTo(DataType.STRING);
        assertThat(tag.length()).isEqualTo(8);
    }

    @Test
    void refusesAStringWithoutLengthOrWithWordSwapOrOutsideModbus() throws Exception {
        assertThatThrownBy(() -> AgentConfig.read(write(withTag("- { id: state, address: \"hr:100\", type: string }"))))
                .hasMessageContaining("devices[0].tags[2].length: a string tag needs a length");
        assertThatThrownBy(() -> AgentConfig.read(
                        write(withTag("- { id: state, address: \"hr:100:cdab\", type: string, length: 4 }"))))
                .hasMessageContaining("devices[0].tags[2].address:")
                .hasMessageContaining("abcd (high byte first) or badc");
        assertThatThrownBy(() -> AgentConfig.read(
                        write(withTag("- { id: flow2, address: \"hr:100\", type: float32, length: 4 }"))))
                .hasMessageContaining("length 4 applies to string tags only");
        String opc = AgentConfigTest.VALID.replace(
                "- { id: flow, address: \"ns=2;s=pump-2.flow\" }",
                "- { id: flow, address: \"ns=2;s=pump-2.flow\", type: string, length: 4 }");
        assertThatThrownBy(() -> AgentConfig.read(write(opc)))
                .hasMessageContaining("string tags are read from modbus-tcp devices only, not opcua");
    }

    @Test
    void refusesAModelThatTakesAStringTag() throws Exception {
        String text = AgentConfigTest.VALID.replace(
                "- { id: pressure, address: \"hr:16:cdab\", unit: bar }",
                "- { id: pressure, address: \"hr:16\", type: string, length: 4 }");

        assertThatThrownBy(() -> AgentConfig.read(write(text)))
                .hasMessageContaining("models[0].assets[0]: model pump-ae@1.0.0 takes string tags [pressure] of asset"
                        + " pump-1 as inputs");
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, text);
        return file;
    }
}
