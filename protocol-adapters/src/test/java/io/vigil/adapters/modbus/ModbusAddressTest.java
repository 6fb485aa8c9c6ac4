package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import org.junit.jupiter.api.Test;

class ModbusAddressTest {
    @Test
    void parsesTableOffsetAndDefaultWordOrder() {
        var address = ModbusAddress.of(new TagSpec("flow", "hr:100", DataType.FLOAT32));
        assertThat(address).isEqualTo(new ModbusAddress(ModbusTable.HOLDING_REGISTER, 100, 2, WordOrder.ABCD));
    }

    @Test
    void parsesAnExplicitWordOrderInAnyCase() {
        var address = ModbusAddress.of(new TagSpec("p", "IR:7:CdAb", DataType.FLOAT64));
        assertThat(address).isEqualTo(new ModbusAddress(ModbusTable.INPUT_REGISTER, 7, 4, WordOrder.CDAB));
    }

    @Test
    void readsBoolFromCoilsDiscreteInputsAndRegisters() {
        assertThat(ModbusAddress.of(new TagSpec("run", "co:3", DataType.BOOL)).table())
                .isEqualTo(ModbusTable.COIL);
        assertThat(ModbusAddress.of(new TagSpec("run", "di:3", DataType.BOOL)).table())
                .isEqualTo(ModbusTable.DISCRETE_INPUT);
        assertThat(ModbusAddress.of(new TagSpec("run", "hr:3", DataType.BOOL)).width())
                .isEqualTo(1);
    }

    @Test
    void rejectsANumberInABitTable() {
        assertThatThrownBy(() -> ModbusAddress.of(new TagSpec("flow", "co:1", DataType.FLOAT32)))
                .hasMessageContaining("tag flow")
                .hasMessageContaining("the type must be bool, not float32");
    }

    @Test
    void rejectsAValueRunningPastTheLastRegister() {
        assertThatThrownBy(() -> ModbusAddress.of(new TagSpec("x", "hr:65535", DataType.FLOAT32)))
                .hasMessageContaining("offset 65535 with width 2 leaves the Modbus address range");
    }

    @Test
    void namesTheGrammarOnAnUnknownTable() {
        assertThatThrownBy(() -> ModbusAddress.of(new TagSpec("x", "40001", DataType.INT16)))
                .hasMessageContaining("Modbus address '40001' is invalid")
                .hasMessageContaining("expected TABLE:OFFSET[:ORDER]");
        assertThatThrownBy(() -> ModbusAddress.of(new TagSpec("x", "xx:1", DataType.INT16)))
                .hasMessageContaining("unknown Modbus table 'xx'; expected one of co, di, ir, hr");
        assertThatThrownBy(() -> ModbusAddress.of(new TagSpec("x", "hr:1:abdc", DataType.INT32)))
                .hasMessageContaining("unknown word order 'abdc'");
    }
}
