package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceAdapterProvider;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.DataType;
import org.junit.jupiter.api.Test;

class OpcUaAdapterProviderTest {
    private final DeviceAdapterProvider provider = DeviceAdapterProvider.forProtocol(Protocol.OPC_UA);

    @Test
    void isFoundForItsProtocol() {
        assertThat(provider).isInstanceOf(OpcUaAdapterProvider.class);
    }

    @Test
    void acceptsOnlyOpcTcpUris() {
        assertThat(provider.checkEndpoint("opc.tcp://10.0.0.7:4840/plant")).isEqualTo("opc.tcp://10.0.0.7:4840/plant");
        assertThatThrownBy(() -> provider.checkEndpoint("http://10.0.0.7:4840"))
                .hasMessage("'http://10.0.0.7:4840' is not opc.tcp://host:port/path");
        assertThatThrownBy(() -> provider.checkEndpoint("opc.tcp://a b"))
                .hasMessageStartingWith("'opc.tcp://a b' is not a URI");
    }

    @Test
    void acceptsNodeIdsOfEveryIdentifierType() {
        for (String node : new String[] {
            "ns=2;s=pump-1.flow",
            "i=2258",
            "nsu=urn:plant;g=09087e75-8e5e-499b-954f-f2a9603db28a",
            "ns=3;b=M/RbKBsRVkePCePcx24oRA=="
        }) {
            assertThat(provider.checkAddress(node)).isEqualTo(node);
        }
        assertThatThrownBy(() -> provider.checkAddress("pump-1.flow"))
                .hasMessage("'pump-1.flow' is not a opcua address (a NodeId such as ns=2;s=pump-1.flow)");
    }

    @Test
    void readsDoublesByDefaultTakesSecurityAndNoText() {
        assertThat(provider.defaultType("ns=2;s=x")).isEqualTo(DataType.FLOAT64);
        assertThat(provider.securable()).isTrue();
        assertThat(provider.readsText()).isFalse();
    }
}
