package io.vigil.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.hub.HubSettings;
import io.vigil.hub.cluster.ClusterSettings;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.IngestSettings;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.store.schema.StorageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubConfigurationTest {
    private static final HubSettings LOCAL = new HubSettings("127.0.0.1", 0, 0, Path.of("hub"), Optional.empty());
    private static final BrokerSettings BROKER =
            new BrokerSettings(URI.create("tcp://127.0.0.1:1883"), Optional.of("hubs"), "hub-a");
    private static final ClusterSettings CLUSTER = new ClusterSettings("127.0.0.1", 5701, List.of(), "vigil");

    @Test
    void fromHubSettingsKeepsEveryOtherConcernAtItsDefault() {
        var config = HubConfiguration.of(LOCAL);

        assertThat(config.listen()).isEqualTo(new ListenSettings("127.0.0.1", 0, 0));
        assertThat(config.database().dataDir()).isEqualTo(Path.of("hub"));
        assertThat(config.database().url()).isEmpty();
        assertThat(config.ingest()).isEqualTo(IngestSettings.DEFAULT);
        assertThat(config.security()).isEqualTo(SecuritySettings.OFF);
        assertThat(config.broker()).isEmpty();
        assertThat(config.cluster()).isEmpty();
        assertThat(config.storage()).isEqualTo(StorageSettings.DEFAULT);
    }

    @Test
    void refusesMqttTlsWithAnExternalBroker() {
        var tls = new SecuritySettings(false, true, Path.of("pki"), Duration.ofHours(1));

        assertThatThrownBy(() -> HubConfiguration.of(LOCAL).withSecurity(tls).withBroker(BROKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mqttTls true does not apply with an external broker");
    }

    @Test
    void refusesAClusterWithoutABrokerShareGroupOrWithTheEmbeddedDatabase() {
        var noGroup = new BrokerSettings(URI.create("tcp://127.0.0.1:1883"), Optional.empty(), "hub-a");

        assertThatThrownBy(() -> HubConfiguration.of(LOCAL).withCluster(CLUSTER))
                .hasMessageContaining("--broker URI --share-group NAME");
        assertThatThrownBy(() -> HubConfiguration.of(LOCAL).withBroker(noGroup).withCluster(CLUSTER))
                .hasMessageContaining("--share-group");
        assertThatThrownBy(() -> HubConfiguration.of(LOCAL).withBroker(BROKER).withCluster(CLUSTER))
                .hasMessageContaining("one external PostgreSQL for every hub (--db JDBC_URL)");
    }

    @Test
    void aClusterWithABrokerShareGroupAndAnExternalDatabaseIsAccepted() {
        var external = new HubSettings("127.0.0.1", 0, 0, Path.of("hub"), Optional.of("jdbc:postgresql://db/vigil"));

        var config = HubConfiguration.of(external).withBroker(BROKER).withCluster(CLUSTER);

        assertThat(config.cluster()).contains(CLUSTER);
        assertThat(config.broker()).contains(BROKER);
    }

    @Test
    void listenSettingsNameAPortOutOfRangeAndABlankHost() {
        assertThatThrownBy(() -> new ListenSettings("127.0.0.1", 70000, 0))
                .hasMessage("httpPort 70000 is not in 0..65535");
        assertThatThrownBy(() -> new ListenSettings("127.0.0.1", 0, -1)).hasMessage("mqttPort -1 is not in 0..65535");
        assertThatThrownBy(() -> new ListenSettings(" ", 0, 0)).hasMessage("host ' ' must not be blank");
    }
}
