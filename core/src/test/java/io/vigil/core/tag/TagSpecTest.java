package io.vigil.core.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.Protocol;
import org.junit.jupiter.api.Test;

class TagSpecTest {
    @Test
    void appliesScaleAndOffsetBothWays() {
        var tag = new TagSpec("temp", "hr:4", DataType.INT16, 0.1, -40, "degC");
        assertThat(tag.toEngineering(650)).isEqualTo(25.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(tag.toRaw(25.0)).isEqualTo(650.0, org.assertj.core.data.Offset.offset(1e-9));
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
}
