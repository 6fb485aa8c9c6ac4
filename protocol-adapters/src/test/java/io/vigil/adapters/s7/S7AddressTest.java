package io.vigil.adapters.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.tag.DataType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class S7AddressTest {
    private static String plc4x(String address) {
        return S7Address.parse(address, Optional.empty()).plc4x();
    }

    @Test
    void writesDataBlockAddressesInPlc4xSyntax() {
        assertThat(plc4x("DB1.DBD0:REAL")).isEqualTo("%DB1.DBD0:REAL");
        assertThat(plc4x("db1.dbw4:int")).isEqualTo("%DB1.DBW4:INT");
        assertThat(plc4x("DB10.DBX2.3")).isEqualTo("%DB10.DBX2.3:BOOL");
    }

    @Test
    void writesMarkerInputAndOutputAddresses() {
        assertThat(plc4x("M0.0:BOOL")).isEqualTo("%M0.0:BOOL");
        assertThat(plc4x("I0.0")).isEqualTo("%I0.0:BOOL");
        assertThat(plc4x("E1.7")).as("German input area").isEqualTo("%I1.7:BOOL");
        assertThat(plc4x("Q0.1")).isEqualTo("%Q0.1:BOOL");
        assertThat(plc4x("MW2:INT")).isEqualTo("%MW2:INT");
    }

    @Test
    void takesTheS7TypeFromTheTagTypeWhenTheAddressNamesNone() {
        assertThat(S7Address.parse("DB1.DBD0", Optional.of(DataType.UINT32)).plc4x())
                .isEqualTo("%DB1.DBD0:DWORD");
        assertThat(S7Address.parse("DB1.DBD0", Optional.empty()).dataType()).isEqualTo(DataType.FLOAT32);
        assertThat(S7Address.parse("DB1.DBW4", Optional.empty()).dataType()).isEqualTo(DataType.INT16);
    }

    @Test
    void refusesWhatIsNoS7Address() {
        assertThatThrownBy(() -> S7Address.parse("hr:4", Optional.empty()))
                .hasMessageContaining("'hr:4' is not an S7 address");
        assertThatThrownBy(() -> S7Address.parse("DB1.DBX2", Optional.empty()))
                .hasMessageContaining("is not an S7 address");
        assertThatThrownBy(() -> S7Address.parse("DB1.DBW0:STRINGY", Optional.empty()))
                .hasMessageContaining("S7 type 'STRINGY'");
    }

    @Test
    void readsRackAndSlotFromTheEndpointWithS7DefaultsElse() {
        assertThat(S7Endpoint.parse("10.0.0.5")).isEqualTo(new S7Endpoint("10.0.0.5", 102, 0, 1));
        assertThat(S7Endpoint.parse("s7://127.0.0.1:1102?rack=0&slot=2").plc4x())
                .isEqualTo("s7://127.0.0.1:1102?remote-rack=0&remote-slot=2");
        assertThatThrownBy(() -> S7Endpoint.parse("plc:1102?slot=99")).hasMessageContaining("slot 99");
    }
}
