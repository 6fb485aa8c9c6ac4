package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import org.junit.jupiter.api.Test;

class ModbusAdapterProviderTest {
    private final DeviceAdapterProvider provider = DeviceAdapterProvider.forProtocol(Protocol.MODBUS_TCP);

    @Test
    void isFoundForItsProtocol() {
        assertThat(provider).isInstanceOf(ModbusAdapterProvider.class);
    }

    @Test
    void acceptsHostPortAndAnOptionalUnit() {
        assertThat(provider.checkEndpoint("10.0.0.5:502")).isEqualTo("10.0.0.5:502");
        assertThat(provider.checkEndpoint("plc-3:5020/17")).isEqualTo("plc-3:5020/17");
    }

    @Test
    void refusesAnEndpointNamingTheBadPart() {
        assertThatThrownBy(() -> provider.checkEndpoint("10.0.0.5"))
                .hasMessage("'10.0.0.5' is not host:port or host:port/unit");
        assertThatThrownBy(() -> provider.checkEndpoint("h:70000"))
                .hasMessage("port 70000 of 'h:70000' is not in 1..65535");
        assertThatThrownBy(() -> provider.checkEndpoint("h:502/300"))
                .hasMessage("unit id 300 of 'h:502/300' is not in 0..255");
    }

    @Test
    void refusesAnAddressOutsideTheTablesOrTheRange() {
        assertThat(provider.checkAddress("IR:7:cdab")).isEqualTo("IR:7:cdab");
        assertThatThrownBy(() -> provider.checkAddress("hr:65536"))
                .hasMessageStartingWith("'hr:65536' is not a modbus-tcp address");
        assertThatThrownBy(() -> provider.checkAddress("xx:1")).hasMessageContaining("hr, ir, co or di");
    }

    @Test
    void readsBitsAsBoolAndRegistersAsFloat32ByDefault() {
        assertThat(provider.defaultType("co:3")).isEqualTo(DataType.BOOL);
        assertThat(provider.defaultType("DI:3")).isEqualTo(DataType.BOOL);
        assertThat(provider.defaultType("hr:3")).isEqualTo(DataType.FLOAT32);
    }

    @Test
    void refusesANumberFromACoil() {
        assertThatThrownBy(() -> provider.checkType("co:3", DataType.FLOAT32))
                .hasMessageContaining("'co:3' is a bit (coil or discrete input), so the type must be bool");
    }

    @Test
    void readsTextAndRefusesAStringInSwappedWords() {
        assertThat(provider.readsText()).isTrue();
        assertThat(provider.securable()).isFalse();
        var tag = new TagSpec("serial", "hr:10:cdab", DataType.STRING, 1.0, 0.0, "", 4);
        assertThatThrownBy(() -> provider.checkTag(tag))
                .hasMessageContaining("tag serial")
                .hasMessageContaining("cdab");
    }
}
