package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModbusEndpointTest {
    @Test
    void defaultsTheUnitIdToOne() {
        assertThat(ModbusEndpoint.parse("10.0.0.5:502")).isEqualTo(new ModbusEndpoint("10.0.0.5", 502, 1));
    }

    @Test
    void parsesAnExplicitUnitId() {
        assertThat(ModbusEndpoint.parse(" plc-3.local:5020/17 "))
                .isEqualTo(new ModbusEndpoint("plc-3.local", 5020, 17));
    }

    @Test
    void rejectsAMissingPortOrABadUnit() {
        assertThatThrownBy(() -> ModbusEndpoint.parse("10.0.0.5"))
                .hasMessageContaining("Modbus endpoint '10.0.0.5' is invalid: the port is missing");
        assertThatThrownBy(() -> ModbusEndpoint.parse("10.0.0.5:502/300")).hasMessageContaining("unit id 300");
        assertThatThrownBy(() -> ModbusEndpoint.parse("10.0.0.5:http")).hasMessageContaining("expected host:port");
    }
}
