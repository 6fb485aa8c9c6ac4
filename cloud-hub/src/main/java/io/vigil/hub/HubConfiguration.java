package io.vigil.hub;

import io.vigil.core.hub.HubSettings;
import io.vigil.hub.cluster.ClusterSettings;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.IngestSettings;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.store.DatabaseSettings;
import io.vigil.hub.store.schema.StorageSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a hub is started with, one record per concern; each validates itself, and this one checks only what
 * concerns several of them (a cluster needs an external broker with a share group and an external database; MQTT TLS
 * does not apply with an external broker). A new setting goes into its concern's record and its picocli mixin in
 * {@link HubCommand}, nowhere else.
 *
 * @param listen the host and the HTTP and MQTT ports
 * @param database the embedded or external PostgreSQL
 * @param ingest the writer threads and how they commit
 * @param security login, MQTT TLS and HTTPS
 * @param broker an external MQTT 5 broker to subscribe to; empty: the embedded MQTT endpoint
 * @param cluster this hub as one node of a cluster; empty: alone
 * @param storage retention and partitions
 */
public record HubConfiguration(
        ListenSettings listen,
        DatabaseSettings database,
        IngestSettings ingest,
        SecuritySettings security,
        Optional<BrokerSettings> broker,
        Optional<ClusterSettings> cluster,
        StorageSettings storage) {
    public HubConfiguration {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(security, "security");
        broker = broker == null ? Optional.empty() : broker;
        cluster = cluster == null ? Optional.empty() : cluster;
        Objects.requireNonNull(storage, "storage");
        if (broker.isPresent() && security.mqttTls()) {
            throw new IllegalArgumentException(
                    "securitySettings.mqttTls true does not apply with an external broker (the broker authenticates"
                            + " agents)");
        }
        if (cluster.isPresent()) {
            if (broker.isEmpty() || broker.get().shareGroup().isEmpty()) {
                throw new IllegalArgumentException("a cluster needs an external broker with a share group (--broker"
                        + " URI --share-group NAME): the hubs split the agents' data through its shared subscription");
            }
            if (database.url().isEmpty()) {
                throw new IllegalArgumentException("a cluster needs one external PostgreSQL for every hub (--db"
                        + " JDBC_URL): an embedded database would give each hub its own");
            }
        }
    }

    /**
     * {@code settings} with every other concern at its default: the default writers, login off and plain MQTT
     * ({@link SecuritySettings#OFF}), the embedded MQTT endpoint, no cluster, data kept forever. The demo, benchmarks
     * and tests start from here and change what they need with the {@code with...} methods.
     */
    public static HubConfiguration of(HubSettings settings) {
        return new HubConfiguration(
                new ListenSettings(settings.host(), settings.httpPort(), settings.mqttPort()),
                new DatabaseSettings(settings.dataDir(), settings.dbUrl()),
                IngestSettings.DEFAULT,
                SecuritySettings.OFF,
                Optional.empty(),
                Optional.empty(),
                StorageSettings.DEFAULT);
    }

    public HubConfiguration withIngest(IngestSettings ingest) {
        return new HubConfiguration(listen, database, ingest, security, broker, cluster, storage);
    }

    public HubConfiguration withSecurity(SecuritySettings security) {
        return new HubConfiguration(listen, database, ingest, security, broker, cluster, storage);
    }

    /** These settings subscribing to an external broker instead of running the embedded MQTT endpoint. */
    public HubConfiguration withBroker(BrokerSettings broker) {
        return new HubConfiguration(listen, database, ingest, security, Optional.of(broker), cluster, storage);
    }

    public HubConfiguration withCluster(ClusterSettings cluster) {
        return new HubConfiguration(listen, database, ingest, security, broker, Optional.of(cluster), storage);
    }

    public HubConfiguration withStorage(StorageSettings storage) {
        return new HubConfiguration(listen, database, ingest, security, broker, cluster, storage);
    }
}
