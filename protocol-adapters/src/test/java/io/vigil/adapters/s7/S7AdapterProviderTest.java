package io.vigil.adapters.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import org.junit.jupiter.api.Test;

class S7AdapterProviderTest {
    private final DeviceAdapterProvider provider = DeviceAdapterProvider.forProtocol(Protocol.S7);

    @Test
    void isFoundForItsProtocol() {
        assertThat(provider).isInstanceOf(S7AdapterProvider.class);
    }

    @Test
    void checksEndpointsWithRackAndSlot() {
        assertThat(provider.checkEndpoint("10.0.0.9:102?rack=0&slot=2")).isEqualTo("10.0.0.9:102?rack=0&slot=2");
        assertThatThrownBy(() -> provider.checkEndpoint("10.0.0.9?slot=40")).hasMessageContaining("slot 40");
    }

    @Test
    void takesTheDefaultTypeFromTheS7TypeOrTheAccessSize() {
        assertThat(provider.checkAddress("DB1.DBD0:REAL")).isEqualTo("DB1.DBD0:REAL");
        assertThat(provider.defaultType("DB1.DBW4:INT")).isEqualTo(DataType.INT16);
        assertThat(provider.defaultType("M0.0")).isEqualTo(DataType.BOOL);
        assertThatThrownBy(() -> provider.checkAddress("DB1.XYZ")).hasMessageContaining("DB1.XYZ");
    }

    @Test
    void readsNeitherTextNorSecuredSessions() {
        assertThat(provider.readsText()).isFalse();
        assertThat(provider.securable()).isFalse();
    }
}
