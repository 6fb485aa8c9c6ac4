package io.vigil.core.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.Protocol;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TagSpecTest {
    @Test
    void appliesScaleAndOffsetBothWays() {
        var tag = new TagSpec("temp", "hr:4", DataType.INT16, 0.1, -40, "degC");
        assertThat(tag.toEngineering(650)).isEqualTo(25.0, Offset.offset(1e-9));
        assertThat(tag.toRaw(25.0)).isEqualTo(650.0, Offset.offset(1e-9));
    }

    @Test
    void rejectsAZeroScaleNamingTheTag() {
        assertThatThrownBy(() -> new TagSpec("temp", "hr:4", DataType.INT16, 0, 0, ""))
                .hasMessageContaining("tag temp: scale 0.0 must be finite and non-zero");
    }

    @Test
    void parsesConfigSpellingsAndListsAlternatives() {
        assertThat(DataType.parse("float32")).isEqualTo(DataType.FLOAT32);
        assertThat(Protocol.parse("opcua")).isEqualTo(Protocol.OPC_UA);
        assertThatThrownBy(() -> DataType.parse("float128")).hasMessageContaining("float32");
        assertThatThrownBy(() -> Protocol.parse("profinet")).hasMessageContaining("modbus-tcp, opcua");
    }

    @Test
    void aStringTagNeedsALengthInRegistersAndNoScale() {
        var tag = TagSpec.text("state", "hr:10", 8);

        assertThat(tag.registers()).isEqualTo(8);
        assertThat(DataType.parse("string")).isEqualTo(DataType.STRING);
        assertThatThrownBy(() -> new TagSpec("state", "hr:10", DataType.STRING))
                .hasMessageContaining("tag state: length 0 must be 1..125");
        assertThatThrownBy(() -> TagSpec.text("state", "hr:10", 126)).hasMessageContaining("length 126");
        assertThatThrownBy(() -> new TagSpec("state", "hr:10", DataType.STRING, 2, 0, "", 4))
                .hasMessageContaining("do not apply to a string tag");
        assertThatThrownBy(() -> new TagSpec("flow", "hr:10", DataType.FLOAT32, 1, 0, "", 4))
                .hasMessageContaining("length 4 applies to string tags only");
    }
}
